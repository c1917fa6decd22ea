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
    CPPUNIT_TEST(onceUnreadSettingsComeFromTheEnvironment);
    CPPUNIT_TEST(everyInvalidValueIsReportedAtOnce);
    CPPUNIT_TEST(secretsAreNotQuotedInErrors);
    CPPUNIT_TEST(devWaivesTheSecretsChecks);
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

    static bool mentions(const std::string& error, const std::string& text) { return error.find(text) != std::string::npos; }

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

    // Documented in the README and never read, until the table drove the loader.
    void onceUnreadSettingsComeFromTheEnvironment() {
        auto layered = crm::ConfigLoader::load("", {{"DATABASE_URL", "postgresql://x@h/d"}, {"SECRET_KEY", std::string(40, 's')},
                                                    {"HTTP_KEEP_ALIVE_SECONDS", "61"}, {"HTTP_MAX_BODY_BYTES", "2048"},
                                                    {"HTTP_MAX_JSON_DEPTH", "5"}, {"REFRESH_TOKEN_DAYS", "3"}});
        auto s = Settings::fromConfiguration(*layered, false);
        CPPUNIT_ASSERT_EQUAL(61, s.connections.keepAliveSeconds);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2048), s.maxBodyBytes);
        CPPUNIT_ASSERT_EQUAL(5, s.maxJsonDepth);
        CPPUNIT_ASSERT_EQUAL(3, s.refreshTokenDays);
    }

    void everyInvalidValueIsReportedAtOnce() {
        set("http.port", "http");
        set("http.max_json_depth", "1");
        set("smtp.starttls", "maybe");
        std::string e = errorOf(*config);
        CPPUNIT_ASSERT(mentions(e, "PORT (http.port): expected an integer from 0 to 65535, got 'http'\n"));
        CPPUNIT_ASSERT(mentions(e, "HTTP_MAX_JSON_DEPTH (http.max_json_depth): expected an integer from 2 to 512 levels, got '1'\n"));
        CPPUNIT_ASSERT(mentions(e, "SMTP_STARTTLS (smtp.starttls): expected true or false, got 'maybe'"));
    }

    void secretsAreNotQuotedInErrors() {
        set("auth.secret", "hunter2");
        set("admin.email", "root@example.com");
        set("admin.password", "short-one");
        std::string e = errorOf(*config);
        CPPUNIT_ASSERT(mentions(e, "SECRET_KEY (auth.secret): too short; expected at least 32 characters"));
        CPPUNIT_ASSERT(mentions(e, "CRM_ADMIN_PASSWORD (admin.password): too short; expected at least 12 characters"));
        CPPUNIT_ASSERT(!mentions(e, "hunter2") && !mentions(e, "short-one"));
    }

    void devWaivesTheSecretsChecks() {
        set("auth.secret", "short");
        CPPUNIT_ASSERT_EQUAL(std::string("short"), Settings::fromConfiguration(*config, true).jwtSecret);
        config->remove("auth.secret");
        auto s = Settings::fromConfiguration(*config, true);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), s.host);
        CPPUNIT_ASSERT(!s.jwtSecret.empty());
    }

    void databaseUrlBecomesLibpqKeywords() {
        CPPUNIT_ASSERT_EQUAL(std::string("host='db' port='5433' dbname='crm' user='app' password='p@ss'"),
                             crm::toLibpqConnectionString("postgresql+psycopg2://app:p%40ss@db:5433/crm"));
        CPPUNIT_ASSERT_EQUAL(std::string("postgresql://app:***@db:5433/crm"),
                             crm::redactedDatabaseUrl("postgresql://app:secret@db:5433/crm"));
        CPPUNIT_ASSERT_EQUAL(std::string("host=db password=*** dbname=crm"),
                             crm::redactedDatabaseUrl("host=db password=secret dbname=crm"));
        CPPUNIT_ASSERT_EQUAL(std::string("host=db password = *** user=app"),
                             crm::redactedDatabaseUrl("host=db password = 'it\\'s secret' user=app"));
        CPPUNIT_ASSERT_EQUAL(std::string("postgresql://db/crm?password=***&sslmode=require"),
                             crm::redactedDatabaseUrl("postgresql://db/crm?password=secret&sslmode=require"));
        CPPUNIT_ASSERT_THROW(crm::toLibpqConnectionString("mysql://x@y/z"), ConfigError);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SettingsTest);
