#pragma once

#include <string>

namespace crm {

// Code and SQL the server runs must be changeable only by root or the
// account the server runs as: a folder (or file) that its group or anyone
// can write, or that another account owns, lets that account run code in
// the server. Throws PluginError with one line naming the path, what is
// wrong, and the command that fixes it.
void requireTrustedPath(const std::string& path, const std::string& what);

}  // namespace crm
