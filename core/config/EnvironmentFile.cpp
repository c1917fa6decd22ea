#include "config/EnvironmentFile.h"

#include "config/ConfigError.h"
#include "config/SettingTable.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace crm {
namespace {

bool isSettingVariable(const std::string& name) {
    for (const auto& setting : settingTable())
        if ((setting.name && name == setting.name) || (setting.alias && name == setting.alias)) return true;
    return false;
}

void requirePrivate(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw ConfigError("environment_file: cannot read " + path + ": " + std::strerror(errno));
    if (st.st_uid != 0 && st.st_uid != ::geteuid())
        throw ConfigError("environment_file: " + path + " is owned by uid " + std::to_string(st.st_uid) +
                          "; it must belong to root or to the account the server runs as (chown root " + path + ")");
    if (st.st_mode & (S_IWGRP | S_IWOTH | S_IROTH))
        throw ConfigError("environment_file: " + path + " holds secrets but others may read or change it (chmod 0640 " +
                          path + ")");
}

std::string unquoted(const std::string& value) {
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
        return value.substr(1, value.size() - 2);
    return value;
}

}  // namespace

std::map<std::string, std::string> readEnvironmentFile(const std::string& path) {
    requirePrivate(path);
    std::ifstream in(path);
    if (!in)
        throw ConfigError("environment_file: cannot read " + path + ": " + std::strerror(errno) +
                          " (run as root or as the server's account)");
    std::map<std::string, std::string> variables;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        auto equals = line.find('=');
        std::string where = path + " line " + std::to_string(number);
        if (equals == std::string::npos) throw ConfigError("environment_file: " + where + ": expected NAME=value");
        std::string name = line.substr(first, equals - first);
        if (!isSettingVariable(name))
            throw ConfigError("environment_file: " + where + ": " + name +
                              " is not a crm-server setting (crm-server settings --markdown lists them)");
        variables[name] = unquoted(line.substr(equals + 1));
    }
    return variables;
}

}  // namespace crm
