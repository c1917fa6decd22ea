#include "config/ConfigLoader.h"

#include "config/ConfigError.h"
#include "config/EnvironmentFile.h"
#include "config/SettingTable.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>

namespace crm {
namespace {

constexpr const char* kInstalledConfigFile = "/etc/crm-server/crm-server.properties";

// Each setting's variable, then its alias, so the alias wins when both are
// set (JWT_SECRET over SECRET_KEY). An empty variable counts as unset.
Poco::AutoPtr<Poco::Util::MapConfiguration> mapped(const std::map<std::string, std::string>& variables) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> layer(new Poco::Util::MapConfiguration);
    for (const auto& setting : settingTable()) {
        for (const char* name : {setting.name, setting.alias}) {
            if (!name) continue;
            auto it = variables.find(name);
            if (it != variables.end() && !it->second.empty()) layer->setString(setting.key, it->second);
        }
    }
    return layer;
}

// Paths in a configuration file are relative to the file's own folder, so a
// file means the same thing whatever folder the command runs in.
void resolvePathsAgainst(Poco::Util::AbstractConfiguration& file, const std::string& path) {
    Poco::Path folder = Poco::Path(path).absolute().parent();
    auto resolve = [&](const std::string& entry) {
        Poco::Path p(entry);
        return entry.empty() || p.isAbsolute() ? entry : Poco::Path(folder, p).toString();
    };
    for (const auto& setting : settingTable()) {
        if (!file.has(setting.key)) continue;
        if (setting.type == SettingType::path) {
            file.setString(setting.key, resolve(file.getString(setting.key)));
        } else if (setting.type == SettingType::pathList) {
            std::string joined;
            for (const auto& entry : Poco::StringTokenizer(file.getString(setting.key), ":", Poco::StringTokenizer::TOK_TRIM))
                joined += (joined.empty() ? "" : ":") + resolve(entry);
            file.setString(setting.key, joined);
        }
    }
}

}  // namespace

std::map<std::string, std::string> ConfigLoader::processEnvironment() {
    std::map<std::string, std::string> variables;
    for (const auto& setting : settingTable())
        for (const char* name : {setting.name, setting.alias})
            if (const char* value = name ? std::getenv(name) : nullptr) variables[name] = value;
    return variables;
}

Poco::AutoPtr<Poco::Util::LayeredConfiguration> ConfigLoader::load(
    const std::string& configFile, const std::map<std::string, std::string>& environment) {
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
    // Lower priority values take precedence.
    config->add(mapped(environment), 10);

    // Only the file named on the command line, or the installed one: never a
    // file (or .env) in the working directory, which may be anyone's.
    std::string file = configFile;
    if (file.empty() && Poco::File(kInstalledConfigFile).exists()) file = kInstalledConfigFile;
    if (!file.empty()) {
        if (!Poco::File(file).exists()) throw ConfigError("--config: file " + file + " does not exist");
        try {
            Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> properties(new Poco::Util::PropertyFileConfiguration(file));
            resolvePathsAgainst(*properties, file);
            config->add(properties, 30);
        } catch (const Poco::Exception& e) {
            throw ConfigError("--config: cannot read " + file + ": " + e.displayText());
        }
    }
    // The secrets file: above the properties file, below the real
    // environment, which still wins (a one-off DATABASE_URL=... command).
    std::string secrets = config->getString("environment_file", "");
    if (!secrets.empty()) config->add(mapped(readEnvironmentFile(secrets)), 20);
    return config;
}

}  // namespace crm
