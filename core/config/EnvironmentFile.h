#pragma once

#include <map>
#include <string>

namespace crm {

// The file the installed configuration names with `environment_file`
// (/etc/crm-server/crm-server.env): the secrets, as NAME=value lines of the
// settings' variables. The server reads it itself, so the unit and an
// operator's `sudo crm-server user add` see the same DATABASE_URL.
//
// Lines are NAME=value; blank lines and lines starting with # are skipped;
// a value in matching single or double quotes loses them. A name that is
// not a setting's variable is an error (a typo would otherwise be silently
// ignored), and so is a file that others may read or anyone but root or the
// server's account may change: it holds SECRET_KEY and the database
// password. Throws ConfigError naming the file, the line and what to do.
std::map<std::string, std::string> readEnvironmentFile(const std::string& path);

}  // namespace crm
