#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <map>
#include <string>

namespace crm {

// Builds the layered configuration of DESIGN.md section 1, lowest to highest
// precedence: built-in defaults < config file < .env in the working
// directory < environment variables. Environment names (DATABASE_URL, PORT,
// ...) are mapped onto dotted keys (database.url, http.port, ...).
class ConfigLoader {
public:
    // configFile may be empty: then config/crm-server.properties is used when
    // it exists, else /etc/crm-server/crm-server.properties when that exists.
    static Poco::AutoPtr<Poco::Util::LayeredConfiguration> load(const std::string& configFile,
                                                                const std::map<std::string, std::string>& environment);

    // The process environment as a map (only the variables we know).
    static std::map<std::string, std::string> processEnvironment();

    // KEY=VALUE lines; '#' comments, optional quotes, optional "export ".
    static std::map<std::string, std::string> parseDotEnv(const std::string& text);
};

}  // namespace crm
