// The table of settings is the only list of them: every row does
// something (the core reads it, or a plugin declares it), and the copies
// that cannot be generated from it (ConnectionLimits' defaults, the shipped
// properties file) are pinned to it here.
#include "config/ConnectionLimits.h"
#include "config/SettingTable.h"
#include "config/SettingValue.h"
#include "config/SettingValues.h"
#include "config/Settings.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <fstream>
#include <set>
#include <sstream>

#include <cppunit/extensions/HelperMacros.h>

using crm::SettingDefinition;
using crm::settingFor;
using crm::settingTable;

namespace {

std::string sourceFile(const std::string& path) { return std::string(CRM_SOURCE_DIR) + "/" + path; }

// The keys a plugin's manifest lets it read beyond plugins.<id>.*.
std::set<std::string> declaredKeys(const std::string& plugin) {
    std::ifstream in(sourceFile("plugins/" + plugin + "/plugin.json"));
    std::stringstream text;
    text << in.rdbuf();
    auto manifest = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
    std::set<std::string> keys;
    if (auto config = manifest->getArray("config"))
        for (std::size_t i = 0; i < config->size(); ++i) keys.insert(config->getElement<std::string>(i));
    return keys;
}

void collectKeys(const Poco::Util::AbstractConfiguration& config, const std::string& prefix, std::vector<std::string>& out) {
    Poco::Util::AbstractConfiguration::Keys children;
    config.keys(prefix, children);
    if (children.empty() && !prefix.empty()) out.push_back(prefix);
    for (const auto& child : children) collectKeys(config, prefix.empty() ? child : prefix + "." + child, out);
}

int integerDefault(const std::string& key) { return crm::integerValue(settingFor(key).defaultValue); }

}  // namespace

class SettingTableTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SettingTableTest);
    CPPUNIT_TEST(namesAndKeysAreUnique);
    CPPUNIT_TEST(defaultsPassTheirOwnChecks);
    CPPUNIT_TEST(everyCoreSettingIsRead);
    CPPUNIT_TEST(everyPluginSettingIsDeclaredByItsPlugin);
    CPPUNIT_TEST(connectionLimitDefaultsAreTheTables);
    CPPUNIT_TEST(theShippedPropertiesFileRestatesDefaultsOnly);
    CPPUNIT_TEST_SUITE_END();

    Poco::AutoPtr<Poco::Util::MapConfiguration> required() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        config->setString("database.url", "postgresql://u:p@127.0.0.1:5432/crm");
        config->setString("auth.secret", std::string(40, 'k'));
        return config;
    }

public:
    void namesAndKeysAreUnique() {
        std::set<std::string> names, keys;
        for (const auto& setting : settingTable()) {
            CPPUNIT_ASSERT_MESSAGE(setting.name, names.insert(setting.name).second);
            if (setting.alias) CPPUNIT_ASSERT_MESSAGE(setting.alias, names.insert(setting.alias).second);
            CPPUNIT_ASSERT_MESSAGE(setting.key, keys.insert(setting.key).second);
        }
    }

    // A default the table's own checks refuse would stop every start-up.
    void defaultsPassTheirOwnChecks() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> empty(new Poco::Util::MapConfiguration);
        auto problems = crm::SettingValues(*empty, false).problems();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), problems.size());  // the two required ones
        CPPUNIT_ASSERT(problems[0].find("DATABASE_URL") == 0);
        CPPUNIT_ASSERT(problems[1].find("SECRET_KEY") == 0);
        for (const auto& setting : settingTable())
            if (setting.type == crm::SettingType::integer || setting.type == crm::SettingType::boolean)
                CPPUNIT_ASSERT_MESSAGE(setting.name, setting.defaultValue || setting.computedDefault);
    }

    // A row nobody reads is a documented setting that does nothing.
    void everyCoreSettingIsRead() {
        auto config = required();
        crm::SettingValues values(*config, false);
        crm::Settings::fromValues(values, false);
        for (const auto& setting : settingTable())
            if (!setting.plugin)
                CPPUNIT_ASSERT_MESSAGE(std::string(setting.name) + " is in the table but Settings never reads it",
                                       values.keysRead().count(setting.key));
    }

    // A plugin reads only the keys its manifest lists: one it does not list
    // would be refused to it, and the setting would do nothing.
    void everyPluginSettingIsDeclaredByItsPlugin() {
        for (const auto& setting : settingTable())
            if (setting.plugin)
                CPPUNIT_ASSERT_MESSAGE(std::string(setting.name) + " is not in the \"config\" of plugins/" + setting.plugin +
                                           "/plugin.json",
                                       declaredKeys(setting.plugin).count(setting.key));
    }

    void connectionLimitDefaultsAreTheTables() {
        crm::ConnectionLimits limits;
        CPPUNIT_ASSERT_EQUAL(integerDefault("http.max_connections"), limits.maxConnections);
        CPPUNIT_ASSERT_EQUAL(integerDefault("http.max_connections_per_client"), limits.maxPerClient);
        CPPUNIT_ASSERT_EQUAL(integerDefault("http.header_timeout_seconds"), limits.headTimeoutSeconds);
        CPPUNIT_ASSERT_EQUAL(integerDefault("http.keep_alive_seconds"), limits.keepAliveSeconds);
        CPPUNIT_ASSERT_EQUAL(integerDefault("http.body_timeout_seconds"), limits.bodyTimeoutSeconds);
        CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(integerDefault("http.max_header_bytes")), limits.maxHeadBytes);
    }

    // config/crm-server.properties shows the keys with their defaults; a
    // misspelt key would be ignored, and a changed value would quietly
    // override the table for everyone who starts from that file.
    void theShippedPropertiesFileRestatesDefaultsOnly() {
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
            new Poco::Util::PropertyFileConfiguration(sourceFile("config/crm-server.properties")));
        std::vector<std::string> keys;
        collectKeys(*file, "", keys);
        CPPUNIT_ASSERT(!keys.empty());
        for (const auto& key : keys) {
            const SettingDefinition& setting = settingFor(key);  // throws for a key the table does not know
            CPPUNIT_ASSERT_MESSAGE(key, setting.defaultValue);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(key, std::string(setting.defaultValue), file->getString(key));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SettingTableTest);
