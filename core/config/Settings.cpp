#include "config/Settings.h"

#include "config/ConfigError.h"
#include "config/SettingTable.h"
#include "config/SettingValue.h"

#include <Poco/Net/IPAddress.h>

#include <algorithm>

namespace crm {
namespace {

// Secrets that ship in examples and must never sign production tokens.
const char* const kKnownDefaultSecrets[] = {"change-me", "changeme", "secret", "your-secret-key",
                                            "dev-secret-change-me-please-0123456789"};

bool isLoopback(const std::string& host) {
    if (host == "localhost") return true;
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

// roles.manager.grant or roles.viewer.grants would otherwise be ignored,
// and the operator would believe a role changed that did not.
void requireKnownRoleKeys(const Poco::Util::AbstractConfiguration& config) {
    std::string problems;
    Poco::Util::AbstractConfiguration::Keys roles;
    config.keys("roles", roles);
    for (const auto& role : roles) {
        Poco::Util::AbstractConfiguration::Keys changes;
        config.keys("roles." + role, changes);
        if (changes.empty()) changes.push_back("");
        for (const auto& change : changes) {
            std::string key = "roles." + role + (change.empty() ? "" : "." + change);
            try {
                settingFor(key);
            } catch (const std::logic_error&) {
                problems += (problems.empty() ? "" : "\n") + key +
                            ": no such setting; the roles are dispatcher, technician and viewer (admin holds every "
                            "permission), each with .grant and .revoke";
            }
        }
    }
    if (!problems.empty()) throw ConfigError(problems);
}

// The roles whose grants the operator may change: those the table has a
// roles.<role>.grant row for. config sits below auth, so it does not ask
// auth's Permissions; PermissionsTest pins the two lists together.
std::vector<std::string> changeableRoles() {
    const std::string prefix = "roles.", suffix = ".grant";
    std::vector<std::string> roles;
    for (const auto& setting : settingTable()) {
        std::string key = setting.key;
        if (key.size() > prefix.size() + suffix.size() && key.starts_with(prefix) && key.ends_with(suffix))
            roles.push_back(key.substr(prefix.size(), key.size() - prefix.size() - suffix.size()));
    }
    return roles;
}

Settings::RoleChanges roleChangesOf(const SettingValues& v, const std::string& role) {
    Settings::RoleChanges changes{v.list("roles." + role + ".grant"), v.list("roles." + role + ".revoke")};
    for (const auto& permission : changes.grant)
        if (std::find(changes.revoke.begin(), changes.revoke.end(), permission) != changes.revoke.end())
            throw ConfigError("roles." + role + ".grant and roles." + role + ".revoke both name '" + permission +
                              "'; keep one");
    return changes;
}

}  // namespace

Settings Settings::fromConfiguration(const Poco::Util::AbstractConfiguration& config, bool dev) {
    SettingValues values(config, dev);
    values.requireValid();
    requireKnownRoleKeys(config);
    return fromValues(values, dev);
}

// Each value below is checked by its row; what is left here are the rules
// that span settings or depend on --dev.
Settings Settings::fromValues(const SettingValues& v, bool dev) {
    Settings s;
    s.dev = dev;

    s.databaseUrl = v.text("database.url");
    s.poolSize = v.integer("database.pool_size");
    s.statementTimeoutMs = v.integer("database.statement_timeout_ms");
    s.longReadSharePercent = v.integer("database.long_read_share_percent");

    // --dev signs tokens with a published secret: anyone could forge one, so
    // it serves this machine only.
    s.host = v.text("http.host");
    if (dev && !isLoopback(s.host))
        throw ConfigError("HOST (http.host): --dev serves on loopback only (its secret is published); got '" + s.host +
                          "'; use 127.0.0.1 or ::1, or run without --dev and with SECRET_KEY");
    s.port = v.integer("http.port");
    s.httpThreads = v.integer("http.threads");
    auto& limits = s.connections;
    limits.keepAliveSeconds = v.integer("http.keep_alive_seconds");
    limits.headTimeoutSeconds = v.integer("http.header_timeout_seconds");
    limits.bodyTimeoutSeconds = v.integer("http.body_timeout_seconds");
    limits.maxConnections = v.integer("http.max_connections");
    limits.maxPerClient = v.integer("http.max_connections_per_client");
    limits.maxHeadBytes = static_cast<std::size_t>(v.integer("http.max_header_bytes"));
    s.shutdownSeconds = v.integer("http.shutdown_seconds");
    s.maxBodyBytes = static_cast<std::size_t>(v.integer("http.max_body_bytes"));
    s.maxJsonDepth = v.integer("http.max_json_depth");
    s.exposeStatementCount = v.boolean("http.expose_statement_count");

    s.jwtSecret = v.text("auth.secret");
    if (!dev)
        for (const char* known : kKnownDefaultSecrets)
            if (s.jwtSecret == known)
                throw ConfigError("SECRET_KEY (auth.secret): a published default; set a random secret (or run with --dev)");
    s.accessTokenMinutes = v.integer("auth.access_token_minutes");
    s.refreshTokenDays = v.integer("auth.refresh_token_days");
    s.bcryptCost = v.integer("auth.bcrypt_cost");
    s.loginMaxFailuresPerEmail = v.integer("auth.login_max_failures_per_email");
    s.loginMaxFailuresPerIp = v.integer("auth.login_max_failures_per_ip");
    s.loginWindowSeconds = v.integer("auth.login_window_seconds");
    s.refreshMaxPerUser = v.integer("auth.refresh_max_per_user");
    s.logoutMaxPerUser = v.integer("auth.logout_max_per_user");
    s.tokenWindowSeconds = v.integer("auth.token_window_seconds");
    s.tokenPurgeSeconds = v.integer("auth.token_purge_seconds");

    s.allowedOrigins = v.list("cors.allowed_origins");
    s.trustedProxies = v.list("http.trusted_proxies");
    s.metricsAllow = v.list("metrics.allow");
    s.metricsToken = v.text("metrics.token");
    s.logLevel = pocoLogLevel(v.text("log.level"));

    s.pluginPath = v.list("plugins.path");
    s.coreSqlDir = v.text("migrations.core_dir");
    s.docsDir = v.text("docs.ui_dir");
    s.environmentFile = v.text("environment_file");  // already read by ConfigLoader; kept to be shown

    // Checked against the plugins' permissions once their manifests are read
    // (app/RolePermissions.cpp).
    for (const auto& role : changeableRoles()) s.roleChanges[role] = roleChangesOf(v, role);

    s.adminEmail = v.text("admin.email");
    s.adminPassword = v.text("admin.password");
    s.adminReset = v.boolean("admin.reset");
    if (s.adminEmail.empty() != s.adminPassword.empty())
        throw ConfigError("CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD: set both or neither");
    return s;
}

}  // namespace crm
