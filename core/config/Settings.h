#pragma once

#include "config/ConnectionLimits.h"
#include "config/SettingValues.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace crm {

// The server's configuration after validation: every value typed and in range.
// Built once at start-up; fromConfiguration throws ConfigError naming the key.
// The defaults, ranges and names are the table's (config/SettingTable.cpp):
// none is written here.
struct Settings {
    bool dev = false;

    std::string databaseUrl;
    int poolSize = 0;

    std::string host;
    int port = 0;
    // Threads serving requests at once; an open connection holds none
    // until its request head has arrived (docs/connections.md).
    int httpThreads = 0;
    ConnectionLimits connections;
    int shutdownSeconds = 0;  // SIGTERM: how long requests already received may take
    int statementTimeoutMs = 0;
    int longReadSharePercent = 0;  // of the sessions, at most, for long reads (reports, searches)
    std::size_t maxBodyBytes = 0;
    int maxJsonDepth = 0;
    bool exposeStatementCount = false;

    std::string jwtSecret;
    int accessTokenMinutes = 0;
    int refreshTokenDays = 0;
    int bcryptCost = 0;
    int loginMaxFailuresPerEmail = 0;
    int loginMaxFailuresPerIp = 0;
    int loginWindowSeconds = 0;
    // Refreshes and logouts admitted per user per window (429 past them),
    // so token churn writes a bounded number of rows.
    int refreshMaxPerUser = 0;
    int logoutMaxPerUser = 0;
    int tokenWindowSeconds = 0;
    // How often expired revocations and refresh tokens are purged from
    // memory and from the database.
    int tokenPurgeSeconds = 0;

    std::vector<std::string> allowedOrigins;
    std::vector<std::string> trustedProxies;  // CIDRs whose X-Forwarded-For is believed
    std::vector<std::string> metricsAllow;    // CIDRs besides loopback that may scrape /metrics
    std::string metricsToken;                 // a bearer token that opens /metrics; empty: none
    std::string logLevel;                     // POCO's name: "information" for info

    std::vector<std::string> pluginPath;
    std::string coreSqlDir;
    std::string docsDir;  // the Swagger UI served at /docs
    std::string environmentFile;  // where the secrets came from, if anywhere

    std::string adminEmail;
    std::string adminPassword;
    bool adminReset = false;  // CRM_ADMIN_RESET: set that admin's password even when it exists

    // The operator's changes to what the plugins' manifests grant each role
    // but admin (roles.<role>.grant and .revoke; auth/Permissions.h).
    struct RoleChanges {
        std::vector<std::string> grant;
        std::vector<std::string> revoke;
    };
    std::map<std::string, RoleChanges> roleChanges;

    // Throws ConfigError listing every invalid value, one a line.
    static Settings fromConfiguration(const Poco::Util::AbstractConfiguration& config, bool dev);
    // The same from values already gathered; SettingsTest uses it to see
    // that every core setting of the table is read.
    static Settings fromValues(const SettingValues& values, bool dev);
};

}  // namespace crm
