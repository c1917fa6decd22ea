#include "config/ConfigLoader.h"

#include "config/ConfigError.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>

namespace crm {
namespace {

constexpr const char* kInstalledConfigFile = "/etc/crm-server/crm-server.properties";

// Environment variable -> configuration key. JWT_SECRET wins over SECRET_KEY
// because it is applied after it (a map iterates in key order; see below).
const std::pair<const char*, const char*> kEnvironmentKeys[] = {
    {"DATABASE_URL", "database.url"},
    {"PORT", "http.port"},
    {"HOST", "http.host"},
    {"HTTP_THREADS", "http.threads"},
    {"HTTP_KEEP_ALIVE_SECONDS", "http.keep_alive_seconds"},
    {"HTTP_HEADER_TIMEOUT_SECONDS", "http.header_timeout_seconds"},
    {"HTTP_BODY_TIMEOUT_SECONDS", "http.body_timeout_seconds"},
    {"HTTP_MAX_CONNECTIONS", "http.max_connections"},
    {"HTTP_MAX_CONNECTIONS_PER_CLIENT", "http.max_connections_per_client"},
    {"HTTP_MAX_HEADER_BYTES", "http.max_header_bytes"},
    {"HTTP_MAX_BODY_BYTES", "http.max_body_bytes"},
    {"HTTP_MAX_JSON_DEPTH", "http.max_json_depth"},
    {"HTTP_SHUTDOWN_SECONDS", "http.shutdown_seconds"},
    {"DB_POOL_SIZE", "database.pool_size"},
    {"DB_STATEMENT_TIMEOUT_MS", "database.statement_timeout_ms"},
    {"DB_LONG_READ_SHARE_PERCENT", "database.long_read_share_percent"},
    {"REFRESH_TOKEN_DAYS", "auth.refresh_token_days"},
    {"SECRET_KEY", "auth.secret"},
    {"JWT_SECRET", "auth.secret"},
    {"ACCESS_TOKEN_EXPIRE_MINUTES", "auth.access_token_minutes"},
    {"BCRYPT_COST", "auth.bcrypt_cost"},
    {"ALLOWED_ORIGINS", "cors.allowed_origins"},
    {"TRUSTED_PROXIES", "http.trusted_proxies"},
    {"LOG_LEVEL", "log.level"},
    {"CRM_PLUGIN_PATH", "plugins.path"},
    {"CRM_SQL_DIR", "migrations.core_dir"},
    {"CRM_ADMIN_EMAIL", "admin.email"},
    {"CRM_ADMIN_PASSWORD", "admin.password"},
    {"CRM_ADMIN_RESET", "admin.reset"},
    {"CRM_EXPOSE_STATEMENT_COUNT", "http.expose_statement_count"},
    {"LOGIN_MAX_FAILURES_PER_EMAIL", "auth.login_max_failures_per_email"},
    {"LOGIN_MAX_FAILURES_PER_IP", "auth.login_max_failures_per_ip"},
    {"LOGIN_WINDOW_SECONDS", "auth.login_window_seconds"},
    {"AUTH_REFRESH_MAX_PER_USER", "auth.refresh_max_per_user"},
    {"AUTH_LOGOUT_MAX_PER_USER", "auth.logout_max_per_user"},
    {"AUTH_TOKEN_WINDOW_SECONDS", "auth.token_window_seconds"},
    {"AUTH_TOKEN_PURGE_SECONDS", "auth.token_purge_seconds"},
    {"SMTP_HOST", "smtp.host"},
    {"SMTP_PORT", "smtp.port"},
    {"SMTP_USER", "smtp.user"},
    {"SMTP_PASSWORD", "smtp.password"},
    {"SMTP_FROM", "smtp.from"},
    {"SMTP_STARTTLS", "smtp.starttls"},
    {"SMTP_CA_FILE", "smtp.ca_file"},
    {"SMTP_ALLOW_PLAINTEXT_AUTH", "smtp.allow_plaintext_auth"},
    {"EMAIL_RATE_PER_SECOND", "email.rate_per_second"},
    {"EMAIL_MAX_ATTEMPTS", "email.max_attempts"},
    {"EMAIL_RETRY_BASE_SECONDS", "email.retry_base_seconds"},
    {"EMAIL_POLL_MS", "email.poll_ms"},
    {"PUBLIC_URL", "email.public_url"},
};

Poco::AutoPtr<Poco::Util::MapConfiguration> mapped(const std::map<std::string, std::string>& variables) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> layer(new Poco::Util::MapConfiguration);
    // Applied in table order so JWT_SECRET overrides SECRET_KEY.
    for (const auto& [name, key] : kEnvironmentKeys) {
        auto it = variables.find(name);
        if (it != variables.end() && !it->second.empty()) layer->setString(key, it->second);
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
    if (file.has("plugins.path")) {
        std::string joined;
        for (const auto& entry : Poco::StringTokenizer(file.getString("plugins.path"), ":", Poco::StringTokenizer::TOK_TRIM))
            joined += (joined.empty() ? "" : ":") + resolve(entry);
        file.setString("plugins.path", joined);
    }
    if (file.has("migrations.core_dir")) file.setString("migrations.core_dir", resolve(file.getString("migrations.core_dir")));
}

}  // namespace

std::map<std::string, std::string> ConfigLoader::processEnvironment() {
    std::map<std::string, std::string> variables;
    for (const auto& [name, key] : kEnvironmentKeys) {
        (void)key;
        if (const char* value = std::getenv(name)) variables[name] = value;
    }
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
    return config;
}

}  // namespace crm
