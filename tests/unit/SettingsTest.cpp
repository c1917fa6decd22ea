#include "config/ConfigError.h"
#include "config/ConfigLoader.h"
#include "config/Settings.h"
#include "db/ConnectionString.h"

#include <Poco/Util/MapConfiguration.h>

#include <algorithm>
#include <thread>

#include <cppunit/extensions/HelperMacros.h>

using crm::ConfigError;
using crm::Settings;

class SettingsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SettingsTest);
    CPPUNIT_TEST(defaultsApply);
    CPPUNIT_TEST(missingDatabaseUrlNamesTheVariable);
    CPPUNIT_TEST(badPortNamesTheKeyAndTheRange);
    CPPUNIT_TEST(shortOrDefaultSecretIsRefusedOutsideDev);
    CPPUNIT_TEST(devAcceptsAMissingSecret);
    CPPUNIT_TEST(adminNeedsBothEmailAndPassword);
    CPPUNIT_TEST(environmentOverridesTheFile);
    CPPUNIT_TEST(tokenLimitsComeFromTheEnvironment);
    CPPUNIT_TEST(databaseUrlBecomesLibpqKeywords);
    CPPUNIT_TEST_SUITE_END();

    Poco::AutoPtr<Poco::Util::MapConfiguration> config;

    void set(const std::string& key, const std::string& value) { config->setString(key, value); }

    static std::string errorOf(const Poco::Util::AbstractConfiguration& c, bool dev = false) {
        try {
            Settings::fromConfiguration(c, dev);
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "";
    }

public:
    void setUp() override {
        config = new Poco::Util::MapConfiguration;
        set("database.url", "postgresql://u:p@127.0.0.1:5432/crm");
        set("auth.secret", std::string(40, 'k'));
    }

    void defaultsApply() {
        auto s = Settings::fromConfiguration(*config, false);
        CPPUNIT_ASSERT_EQUAL(5001, s.port);
        CPPUNIT_ASSERT_EQUAL(1440, s.accessTokenMinutes);
        CPPUNIT_ASSERT_EQUAL(64, s.httpThreads);
        CPPUNIT_ASSERT_EQUAL(std::max(8, 4 * static_cast<int>(std::thread::hardware_concurrency())), s.poolSize);
        CPPUNIT_ASSERT_EQUAL(std::string("http://localhost:5173"), s.allowedOrigins.at(0));
    }

    void missingDatabaseUrlNamesTheVariable() {
        config->remove("database.url");
        CPPUNIT_ASSERT(errorOf(*config).find("DATABASE_URL") != std::string::npos);
    }

    void badPortNamesTheKeyAndTheRange() {
        set("http.port", "http");
        std::string e = errorOf(*config);
        CPPUNIT_ASSERT(e.find("PORT") != std::string::npos);
        CPPUNIT_ASSERT(e.find("65535") != std::string::npos);
    }

    void shortOrDefaultSecretIsRefusedOutsideDev() {
        set("auth.secret", "short");
        CPPUNIT_ASSERT(errorOf(*config).find("SECRET_KEY") != std::string::npos);
        set("auth.secret", "dev-secret-change-me-please-0123456789");
        CPPUNIT_ASSERT(errorOf(*config).find("default") != std::string::npos);
    }

    void devAcceptsAMissingSecret() {
        config->remove("auth.secret");
        CPPUNIT_ASSERT(!errorOf(*config, false).empty());
        CPPUNIT_ASSERT(errorOf(*config, true).empty());
    }

    void adminNeedsBothEmailAndPassword() {
        set("admin.email", "root@example.com");
        CPPUNIT_ASSERT(errorOf(*config).find("CRM_ADMIN_PASSWORD") != std::string::npos);
        set("admin.password", "short");
        CPPUNIT_ASSERT(errorOf(*config).find("12") != std::string::npos);
    }

    void environmentOverridesTheFile() {
        auto layered = crm::ConfigLoader::load("", {{"PORT", "6001"}, {"DATABASE_URL", "postgresql://x@h/d"},
                                                    {"SECRET_KEY", std::string(40, 's')}, {"JWT_SECRET", std::string(40, 'j')}});
        auto s = Settings::fromConfiguration(*layered, false);
        CPPUNIT_ASSERT_EQUAL(6001, s.port);
        CPPUNIT_ASSERT_EQUAL(std::string(40, 'j'), s.jwtSecret);  // JWT_SECRET wins over SECRET_KEY
    }

    void tokenLimitsComeFromTheEnvironment() {
        auto defaults = Settings::fromConfiguration(*config, false);
        CPPUNIT_ASSERT_EQUAL(30, defaults.refreshMaxPerUser);
        CPPUNIT_ASSERT_EQUAL(30, defaults.logoutMaxPerUser);
        CPPUNIT_ASSERT_EQUAL(60, defaults.tokenWindowSeconds);
        CPPUNIT_ASSERT_EQUAL(60, defaults.tokenPurgeSeconds);
        auto layered = crm::ConfigLoader::load("", {{"DATABASE_URL", "postgresql://x@h/d"}, {"SECRET_KEY", std::string(40, 's')},
                                                    {"AUTH_REFRESH_MAX_PER_USER", "7"}, {"AUTH_LOGOUT_MAX_PER_USER", "8"},
                                                    {"AUTH_TOKEN_WINDOW_SECONDS", "9"}, {"AUTH_TOKEN_PURGE_SECONDS", "10"}});
        auto s = Settings::fromConfiguration(*layered, false);
        CPPUNIT_ASSERT_EQUAL(7, s.refreshMaxPerUser);
        CPPUNIT_ASSERT_EQUAL(8, s.logoutMaxPerUser);
        CPPUNIT_ASSERT_EQUAL(9, s.tokenWindowSeconds);
        CPPUNIT_ASSERT_EQUAL(10, s.tokenPurgeSeconds);
        set("auth.token_purge_seconds", "0");
        CPPUNIT_ASSERT(errorOf(*config).find("AUTH_TOKEN_PURGE_SECONDS") != std::string::npos);
    }

    void databaseUrlBecomesLibpqKeywords() {
        CPPUNIT_ASSERT_EQUAL(std::string("host='db' port='5433' dbname='crm' user='app' password='p@ss'"),
                             crm::toLibpqConnectionString("postgresql+psycopg2://app:p%40ss@db:5433/crm"));
        CPPUNIT_ASSERT_EQUAL(std::string("postgresql://app:***@db:5433/crm"),
                             crm::redactedDatabaseUrl("postgresql://app:secret@db:5433/crm"));
        CPPUNIT_ASSERT_THROW(crm::toLibpqConnectionString("mysql://x@y/z"), ConfigError);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SettingsTest);
