#pragma once

#include "http/ConnectionLimits.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <cstddef>
#include <string>
#include <vector>

namespace crm {

// The server's configuration after validation: every value typed and in range.
// Built once at start-up; fromConfiguration throws ConfigError naming the key.
struct Settings {
    bool dev = false;

    std::string databaseUrl;
    int poolSize = 8;  // at least; 4 per core of this machine (Settings.cpp)

    std::string host = "0.0.0.0";
    int port = 5001;
    // Threads serving requests at once; an open connection holds none
    // until its request head has arrived (docs/connections.md).
    int httpThreads = 64;
    ConnectionLimits connections;
    int shutdownSeconds = 20;  // SIGTERM: how long requests already received may take
    int statementTimeoutMs = 5000;
    int longReadSharePercent = 50;  // of the sessions, at most, for long reads (reports, searches)
    std::size_t maxBodyBytes = 1024 * 1024;
    int maxJsonDepth = 32;
    bool exposeStatementCount = false;

    std::string jwtSecret;
    int accessTokenMinutes = 1440;
    int refreshTokenDays = 14;
    int bcryptCost = 12;
    int loginMaxFailuresPerEmail = 5;
    int loginMaxFailuresPerIp = 20;
    int loginWindowSeconds = 60;
    // Refreshes and logouts admitted per user per window (429 past them),
    // so token churn writes a bounded number of rows.
    int refreshMaxPerUser = 30;
    int logoutMaxPerUser = 30;
    int tokenWindowSeconds = 60;
    // How often expired revocations and refresh tokens are purged from
    // memory and from the database.
    int tokenPurgeSeconds = 60;

    std::vector<std::string> allowedOrigins;
    std::vector<std::string> trustedProxies;  // CIDRs whose X-Forwarded-For is believed
    std::string logLevel = "information";

    std::vector<std::string> pluginPath;
    std::string coreSqlDir;

    std::string adminEmail;
    std::string adminPassword;
    bool adminReset = false;  // CRM_ADMIN_RESET: set that admin's password even when it exists

    static Settings fromConfiguration(const Poco::Util::AbstractConfiguration& config, bool dev);
};

}  // namespace crm
