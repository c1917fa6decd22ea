#include "config/Settings.h"

#include "config/ConfigError.h"
#include "http/ClientAddress.h"

#include <Poco/Net/IPAddress.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <thread>

namespace crm {
namespace {

// Secrets that ship in examples and must never sign production tokens.
const char* const kKnownDefaultSecrets[] = {"change-me", "changeme", "secret", "your-secret-key",
                                            "dev-secret-change-me-please-0123456789"};
constexpr std::size_t kMinimumSecretLength = 32;

int integer(const Poco::Util::AbstractConfiguration& config, const std::string& key, const char* envName,
            int fallback, int min, int max) {
    if (!config.has(key)) return fallback;
    std::string raw = Poco::trim(config.getRawString(key));
    int value = 0;
    if (!Poco::NumberParser::tryParse(raw, value) || value < min || value > max)
        throw ConfigError(std::string(envName) + " (" + key + "): expected an integer from " + std::to_string(min) +
                          " to " + std::to_string(max) + ", got '" + raw + "'");
    return value;
}

bool boolean(const Poco::Util::AbstractConfiguration& config, const std::string& key, bool fallback) {
    if (!config.has(key)) return fallback;
    std::string raw = Poco::toLower(Poco::trim(config.getRawString(key)));
    if (raw == "true" || raw == "1" || raw == "yes" || raw == "on") return true;
    if (raw == "false" || raw == "0" || raw == "no" || raw == "off") return false;
    throw ConfigError(key + ": expected true or false, got '" + raw + "'");
}

std::vector<std::string> list(const std::string& raw, const char* separators) {
    std::vector<std::string> items;
    Poco::StringTokenizer tokens(raw, separators, Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& t : tokens) items.push_back(t);
    return items;
}

std::string parseLogLevel(const std::string& raw) {
    std::string level = Poco::toLower(Poco::trim(raw));
    if (level == "debug") return "debug";
    if (level == "info" || level == "information") return "information";
    if (level == "warning" || level == "warn") return "warning";
    if (level == "error") return "error";
    throw ConfigError("LOG_LEVEL (log.level): expected debug, info, warning or error, got '" + raw + "'");
}

bool isLoopback(const std::string& host) {
    if (host == "localhost") return true;
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

}  // namespace

Settings Settings::fromConfiguration(const Poco::Util::AbstractConfiguration& config, bool dev) {
    Settings s;
    s.dev = dev;

    s.databaseUrl = Poco::trim(config.getString("database.url", ""));
    if (s.databaseUrl.empty())
        throw ConfigError("DATABASE_URL (database.url): not set; expected postgresql://user:password@host:port/dbname");
    if (s.databaseUrl.rfind("postgres", 0) != 0 && s.databaseUrl.find('=') == std::string::npos)
        throw ConfigError("DATABASE_URL (database.url): expected postgresql://user:password@host:port/dbname");

    // --dev signs tokens with a published secret: anyone could forge one, so
    // it serves this machine only.
    s.host = Poco::trim(config.getString("http.host", dev ? "127.0.0.1" : s.host));
    if (dev && !isLoopback(s.host))
        throw ConfigError("HOST (http.host): --dev serves on loopback only (its secret is published); got '" + s.host +
                          "'; use 127.0.0.1 or ::1, or run without --dev and with SECRET_KEY");
    s.port = integer(config, "http.port", "PORT", s.port, 0, 65535);
    s.httpThreads = integer(config, "http.threads", "HTTP_THREADS", s.httpThreads, 1, 1024);
    auto& limits = s.connections;
    limits.keepAliveSeconds = integer(config, "http.keep_alive_seconds", "HTTP_KEEP_ALIVE_SECONDS", limits.keepAliveSeconds, 1, 3600);
    limits.headTimeoutSeconds = integer(config, "http.header_timeout_seconds", "HTTP_HEADER_TIMEOUT_SECONDS", limits.headTimeoutSeconds, 1, 300);
    limits.bodyTimeoutSeconds = integer(config, "http.body_timeout_seconds", "HTTP_BODY_TIMEOUT_SECONDS", limits.bodyTimeoutSeconds, 1, 300);
    limits.maxConnections = integer(config, "http.max_connections", "HTTP_MAX_CONNECTIONS", limits.maxConnections, 16, 1000000);
    limits.maxPerClient = integer(config, "http.max_connections_per_client", "HTTP_MAX_CONNECTIONS_PER_CLIENT", limits.maxPerClient, 1, 1000000);
    limits.maxHeadBytes = static_cast<std::size_t>(integer(config, "http.max_header_bytes", "HTTP_MAX_HEADER_BYTES",
                                                           static_cast<int>(limits.maxHeadBytes), 1024, 1024 * 1024));
    s.shutdownSeconds = integer(config, "http.shutdown_seconds", "HTTP_SHUTDOWN_SECONDS", s.shutdownSeconds, 0, 3600);
    s.longReadSharePercent = integer(config, "database.long_read_share_percent", "DB_LONG_READ_SHARE_PERCENT", s.longReadSharePercent, 1, 100);
    s.statementTimeoutMs = integer(config, "database.statement_timeout_ms", "DB_STATEMENT_TIMEOUT_MS", s.statementTimeoutMs, 0, 3600000);
    // Far fewer sessions than threads: a request waits in line for a free
    // one (Database::acquire). Measured on 2 cores (bench/): 8 sessions
    // served reads by id 17 % faster than 32, with p99 9 ms instead of 31,
    // and writes 37 % faster; 4 sessions were slower for writes (commits
    // wait on the WAL flush, so a few more in flight share each flush).
    int fourPerCore = 4 * static_cast<int>(std::thread::hardware_concurrency());
    s.poolSize = integer(config, "database.pool_size", "DB_POOL_SIZE", std::max(s.poolSize, fourPerCore), 1, 4096);
    s.maxBodyBytes = static_cast<std::size_t>(integer(config, "http.max_body_bytes", "HTTP_MAX_BODY_BYTES",
                                                      static_cast<int>(s.maxBodyBytes), 1024, 64 * 1024 * 1024));
    s.maxJsonDepth = integer(config, "http.max_json_depth", "HTTP_MAX_JSON_DEPTH", s.maxJsonDepth, 2, 512);
    s.exposeStatementCount = boolean(config, "http.expose_statement_count", false);

    s.jwtSecret = config.getString("auth.secret", "");
    if (s.jwtSecret.empty()) {
        if (!dev) throw ConfigError("SECRET_KEY (auth.secret): not set; expected a random string of at least 32 characters");
        s.jwtSecret = "dev-secret-change-me-please-0123456789";
    }
    if (!dev) {
        if (s.jwtSecret.size() < kMinimumSecretLength)
            throw ConfigError("SECRET_KEY (auth.secret): too short; expected at least 32 characters (or run with --dev)");
        for (const char* known : kKnownDefaultSecrets)
            if (s.jwtSecret == known)
                throw ConfigError("SECRET_KEY (auth.secret): a published default; set a random secret (or run with --dev)");
    }
    s.accessTokenMinutes = integer(config, "auth.access_token_minutes", "ACCESS_TOKEN_EXPIRE_MINUTES", s.accessTokenMinutes, 1, 525600);
    s.refreshTokenDays = integer(config, "auth.refresh_token_days", "REFRESH_TOKEN_DAYS", s.refreshTokenDays, 1, 365);
    s.bcryptCost = integer(config, "auth.bcrypt_cost", "BCRYPT_COST", s.bcryptCost, 4, 31);
    s.loginMaxFailuresPerEmail = integer(config, "auth.login_max_failures_per_email", "LOGIN_MAX_FAILURES_PER_EMAIL", s.loginMaxFailuresPerEmail, 1, 1000000);
    s.loginMaxFailuresPerIp = integer(config, "auth.login_max_failures_per_ip", "LOGIN_MAX_FAILURES_PER_IP", s.loginMaxFailuresPerIp, 1, 1000000);
    s.loginWindowSeconds = integer(config, "auth.login_window_seconds", "LOGIN_WINDOW_SECONDS", s.loginWindowSeconds, 1, 86400);
    s.refreshMaxPerUser = integer(config, "auth.refresh_max_per_user", "AUTH_REFRESH_MAX_PER_USER", s.refreshMaxPerUser, 1, 1000000);
    s.logoutMaxPerUser = integer(config, "auth.logout_max_per_user", "AUTH_LOGOUT_MAX_PER_USER", s.logoutMaxPerUser, 1, 1000000);
    s.tokenWindowSeconds = integer(config, "auth.token_window_seconds", "AUTH_TOKEN_WINDOW_SECONDS", s.tokenWindowSeconds, 1, 86400);
    s.tokenPurgeSeconds = integer(config, "auth.token_purge_seconds", "AUTH_TOKEN_PURGE_SECONDS", s.tokenPurgeSeconds, 1, 86400);

    s.allowedOrigins = list(config.getString("cors.allowed_origins", "http://localhost:5173"), ",");
    s.trustedProxies = list(config.getString("http.trusted_proxies", ""), ",");
    try {
        TrustedProxies check(s.trustedProxies);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(e.what());
    }
    s.logLevel = parseLogLevel(config.getString("log.level", "info"));

    s.pluginPath = list(config.getString("plugins.path", "/usr/lib/crm-server/plugins"), ":");
    s.coreSqlDir = config.getString("migrations.core_dir", "/usr/share/crm-server/sql");

    s.adminEmail = Poco::trim(config.getString("admin.email", ""));
    s.adminPassword = config.getString("admin.password", "");
    s.adminReset = boolean(config, "admin.reset", false);
    if (s.adminEmail.empty() != s.adminPassword.empty())
        throw ConfigError("CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD: set both or neither");
    if (!s.adminPassword.empty() && s.adminPassword.size() < 12)
        throw ConfigError("CRM_ADMIN_PASSWORD: expected at least 12 characters");
    return s;
}

}  // namespace crm
