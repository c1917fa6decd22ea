#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <map>
#include <string>

namespace crm {

// Builds the layered configuration, lowest to highest precedence: built-in
// defaults < config file < environment variables. Environment names
// (DATABASE_URL, PORT, ...) are mapped onto dotted keys (database.url,
// http.port, ...) by the table of settings (SettingTable.cpp); the defaults
// are applied from the same table by SettingValues. Nothing is read from the working directory: a command
// run in someone else's folder must not load their plugins or SQL
// (docs/security.md, "Where configuration comes from").
class ConfigLoader {
public:
    // configFile may be empty: then /etc/crm-server/crm-server.properties is
    // used when it exists. Relative paths in the file are relative to it.
    static Poco::AutoPtr<Poco::Util::LayeredConfiguration> load(const std::string& configFile,
                                                                const std::map<std::string, std::string>& environment);

    // The process environment as a map (only the variables we know).
    static std::map<std::string, std::string> processEnvironment();
};

}  // namespace crm
