#pragma once

#include <string>

namespace crm {

// One line of standard input, the password of `crm-server user add|passwd`.
// At a terminal it asks "Password: " on stderr and does not echo what is
// typed (the screen, a recording or a shoulder would otherwise keep it); from
// a pipe it reads silently. A trailing \r (a Windows-edited file) is dropped.
std::string readPasswordLine();

}  // namespace crm
