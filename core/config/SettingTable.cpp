#include "config/SettingTable.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace crm {
namespace {

using T = SettingType;

// Far fewer sessions than threads: a request waits in line for a free one
// (Database::acquire). Measured on 2 cores (bench/): 8 sessions served
// reads by id 17 % faster than 32, with p99 9 ms instead of 31, and writes
// 37 % faster; 4 sessions were slower for writes (commits wait on the WAL
// flush, so a few more in flight share each flush).
std::string fourSessionsPerCore() {
    return std::to_string(std::max(8, 4 * static_cast<int>(std::thread::hardware_concurrency())));
}

// The README's configuration table is this, printed by
// `crm-server settings --markdown`; tests/config/settings_table_test.py
// fails when a Markdown file's copy differs. Keep each description to one
// line: what the setting does and what happens at its limit.
const SettingDefinition kSettings[] = {
    {.name = "DATABASE_URL", .key = "database.url", .type = T::databaseUrl, .required = true,
     .description = "the PostgreSQL database; `scripts/run` starts its own cluster when unset"},
    {.name = "DB_POOL_SIZE", .key = "database.pool_size", .type = T::integer, .min = 1, .max = 4096, .unit = "sessions",
     .computedDefault = fourSessionsPerCore, .defaultNote = "4 per core, at least 8",
     .description = "database sessions; a request holds at most one, and waits in line for it; as many requests "
                    "run at once"},
    {.name = "DB_STATEMENT_TIMEOUT_MS", .key = "database.statement_timeout_ms", .type = T::integer, .min = 0, .max = 3600000,
     .unit = "ms", .defaultValue = "5000",
     .description = "a statement running longer is cancelled and the request answered 503 with `Retry-After` (`0`: no limit)"},
    {.name = "DB_LONG_READ_SHARE_PERCENT", .key = "database.long_read_share_percent", .type = T::integer, .min = 1, .max = 100,
     .unit = "%", .defaultValue = "50",
     .description = "the share of the sessions that long reads (reports, searches) may hold at once"},

    {.name = "SECRET_KEY", .key = "auth.secret", .type = T::secret, .min = 32, .required = true,
     .devDefault = "dev-secret-change-me-please-0123456789", .alias = "JWT_SECRET",
     .description = "signs tokens; random (`JWT_SECRET` wins when both are set); `scripts/run` generates one into `var/`"},
    {.name = "ACCESS_TOKEN_EXPIRE_MINUTES", .key = "auth.access_token_minutes", .type = T::integer, .min = 1, .max = 525600,
     .unit = "minutes", .defaultValue = "1440", .description = "how long an access token is accepted"},
    {.name = "REFRESH_TOKEN_DAYS", .key = "auth.refresh_token_days", .type = T::integer, .min = 1, .max = 365, .unit = "days",
     .defaultValue = "14", .description = "how long a refresh token can be exchanged for new tokens"},
    {.name = "BCRYPT_COST", .key = "auth.bcrypt_cost", .type = T::integer, .min = 4, .max = 31, .defaultValue = "12",
     .description = "cost of new password hashes (each step doubles the time a login takes)"},
    {.name = "LOGIN_MAX_FAILURES_PER_EMAIL", .key = "auth.login_max_failures_per_email", .type = T::integer, .min = 1,
     .max = 1000000, .defaultValue = "5",
     .description = "failed logins for one email per window before logins are refused (429 with `Retry-After`)"},
    {.name = "LOGIN_MAX_FAILURES_PER_IP", .key = "auth.login_max_failures_per_ip", .type = T::integer, .min = 1,
     .max = 1000000, .defaultValue = "20", .description = "the same, per client address"},
    {.name = "LOGIN_WINDOW_SECONDS", .key = "auth.login_window_seconds", .type = T::integer, .min = 1, .max = 86400,
     .unit = "seconds", .defaultValue = "60", .description = "the window failed logins are counted in"},
    {.name = "AUTH_REFRESH_MAX_PER_USER", .key = "auth.refresh_max_per_user", .type = T::integer, .min = 1, .max = 1000000,
     .defaultValue = "30",
     .description = "refreshes admitted per user per window (429 with `Retry-After`; a refused refresh leaves its token unspent)"},
    {.name = "AUTH_LOGOUT_MAX_PER_USER", .key = "auth.logout_max_per_user", .type = T::integer, .min = 1, .max = 1000000,
     .defaultValue = "30", .description = "logouts admitted per user per window (429 with `Retry-After`)"},
    {.name = "AUTH_TOKEN_WINDOW_SECONDS", .key = "auth.token_window_seconds", .type = T::integer, .min = 1, .max = 86400,
     .unit = "seconds", .defaultValue = "60", .description = "the window refreshes and logouts are counted in"},
    {.name = "AUTH_TOKEN_PURGE_SECONDS", .key = "auth.token_purge_seconds", .type = T::integer, .min = 1, .max = 86400,
     .unit = "seconds", .defaultValue = "60",
     .description = "how often revocations and refresh tokens past their expiry are dropped from memory and the database"},
    {.name = "CRM_ADMIN_EMAIL", .key = "admin.email", .type = T::text,
     .description = "with `CRM_ADMIN_PASSWORD`: create this admin at start-up when no user has that email"},
    {.name = "CRM_ADMIN_PASSWORD", .key = "admin.password", .type = T::secret, .min = 12,
     .description = "the password `CRM_ADMIN_EMAIL` is created with"},
    {.name = "CRM_ADMIN_RESET", .key = "admin.reset", .type = T::boolean, .defaultValue = "false",
     .description = "an existing `CRM_ADMIN_EMAIL` is given that password, re-activated and made admin (else left as it is)"},

    {.name = "ROLE_DISPATCHER_GRANT", .key = "roles.dispatcher.grant", .type = T::list,
     .description = "plugin permissions dispatchers hold beyond what the plugins grant them (`docs/permissions.md`)"},
    {.name = "ROLE_DISPATCHER_REVOKE", .key = "roles.dispatcher.revoke", .type = T::list,
     .description = "plugin permissions taken from dispatchers although a plugin grants them"},
    {.name = "ROLE_TECHNICIAN_GRANT", .key = "roles.technician.grant", .type = T::list,
     .description = "the same for technicians"},
    {.name = "ROLE_TECHNICIAN_REVOKE", .key = "roles.technician.revoke", .type = T::list,
     .description = "the same for technicians"},
    {.name = "ROLE_VIEWER_GRANT", .key = "roles.viewer.grant", .type = T::list, .description = "the same for viewers"},
    {.name = "ROLE_VIEWER_REVOKE", .key = "roles.viewer.revoke", .type = T::list, .description = "the same for viewers"},

    {.name = "HOST", .key = "http.host", .type = T::text, .defaultValue = "0.0.0.0", .devDefault = "127.0.0.1",
     .description = "the address to listen on; with `--dev` a loopback one only"},
    {.name = "PORT", .key = "http.port", .type = T::integer, .min = 0, .max = 65535, .defaultValue = "5001",
     .description = "the port to listen on"},
    {.name = "HTTP_THREADS", .key = "http.threads", .type = T::integer, .min = 1, .max = 1024, .defaultValue = "64",
     .description = "requests in progress at once, waiting ones included; `DB_POOL_SIZE` of them run at once, and "
                    "an open connection holds no thread until its request head has arrived (`docs/connections.md`)"},
    {.name = "HTTP_KEEP_ALIVE_SECONDS", .key = "http.keep_alive_seconds", .type = T::integer, .min = 1, .max = 3600,
     .unit = "seconds", .defaultValue = "60", .description = "how long a connection may sit idle between requests"},
    {.name = "HTTP_HEADER_TIMEOUT_SECONDS", .key = "http.header_timeout_seconds", .type = T::integer, .min = 1, .max = 300,
     .unit = "seconds", .defaultValue = "10", .description = "time to send a whole request head (408 past it)"},
    {.name = "HTTP_BODY_TIMEOUT_SECONDS", .key = "http.body_timeout_seconds", .type = T::integer, .min = 1, .max = 300,
     .unit = "seconds", .defaultValue = "10", .description = "how long one read of a body, or one write of an answer, may wait"},
    {.name = "HTTP_MAX_CONNECTIONS", .key = "http.max_connections", .type = T::integer, .min = 16, .max = 1000000,
     .defaultValue = "10000", .description = "open connections in all; at the limit the oldest idle one is closed first"},
    {.name = "HTTP_MAX_CONNECTIONS_PER_CLIENT", .key = "http.max_connections_per_client", .type = T::integer, .min = 1,
     .max = 1000000, .defaultValue = "1024",
     .description = "open connections from one client address (503 past it); raise it behind a proxy"},
    {.name = "HTTP_MAX_HEADER_BYTES", .key = "http.max_header_bytes", .type = T::integer, .min = 1024, .max = 1048576,
     .unit = "bytes", .defaultValue = "16384", .description = "the largest request head (431 past it)"},
    {.name = "HTTP_MAX_BODY_BYTES", .key = "http.max_body_bytes", .type = T::integer, .min = 1024, .max = 67108864,
     .unit = "bytes", .defaultValue = "1048576", .description = "the largest request body (413 past it)"},
    {.name = "HTTP_MAX_JSON_DEPTH", .key = "http.max_json_depth", .type = T::integer, .min = 2, .max = 512, .unit = "levels",
     .defaultValue = "32", .description = "the deepest nesting of arrays and objects in a JSON body (400 past it)"},
    {.name = "HTTP_SHUTDOWN_SECONDS", .key = "http.shutdown_seconds", .type = T::integer, .min = 0, .max = 3600,
     .unit = "seconds", .defaultValue = "20", .description = "on SIGTERM, how long requests already received may take"},
    {.name = "ALLOWED_ORIGINS", .key = "cors.allowed_origins", .type = T::list, .defaultValue = "http://localhost:5173",
     .description = "the origins browsers may call the API from (CORS)"},
    {.name = "TRUSTED_PROXIES", .key = "http.trusted_proxies", .type = T::cidrList,
     .description = "proxies in front (nginx: `127.0.0.1/32`); only from them is `X-Forwarded-For` believed, so logins are "
                    "counted per real client"},
    {.name = "CRM_EXPOSE_STATEMENT_COUNT", .key = "http.expose_statement_count", .type = T::boolean, .defaultValue = "false",
     .description = "every answer says in `X-DB-Statements` how many SQL statements it ran (for tests)"},
    {.name = "METRICS_ALLOW", .key = "metrics.allow", .type = T::cidrList,
     .description = "networks allowed to scrape `/metrics` besides loopback"},
    {.name = "METRICS_TOKEN", .key = "metrics.token", .type = T::secret, .description = "a bearer token that opens `/metrics`"},

    {.name = "LOG_LEVEL", .key = "log.level", .type = T::logLevel, .defaultValue = "info",
     .description = "the least severe messages logged; logs are JSON lines on stdout"},
    {.name = "CRM_PLUGIN_PATH", .key = "plugins.path", .type = T::pathList, .defaultValue = "/usr/lib/crm-server/plugins",
     .description = "folders holding plugins; each, with what it holds, must be owned by root or the server's account and "
                    "not group- or world-writable"},
    {.name = "CRM_ENVIRONMENT_FILE", .key = "environment_file", .type = T::path,
     .description = "a file of `NAME=value` lines of these variables (the secrets: `SECRET_KEY`, `DATABASE_URL`), read "
                    "by every command; the environment wins over it, it wins over the properties file; it must belong to "
                    "root or the server's account and others may not read it. The package names "
                    "`/etc/crm-server/crm-server.env`"},
    {.name = "CRM_SQL_DIR", .key = "migrations.core_dir", .type = T::path, .defaultValue = "/usr/share/crm-server/sql",
     .description = "the core's migrations"},
    {.name = "CRM_DOCS_DIR", .key = "docs.ui_dir", .type = T::path, .defaultValue = "/usr/share/crm-server/docs-ui",
     .description = "the Swagger UI served at `/docs`; missing, `/docs` answers 404 (a warning says so at start-up)"},

    {.name = "SMTP_HOST", .key = "smtp.host", .type = T::text, .plugin = "email",
     .description = "the relay campaigns go through; unset, campaigns are queued but not sent"},
    {.name = "SMTP_PORT", .key = "smtp.port", .type = T::integer, .min = 1, .max = 65535, .defaultValue = "25",
     .plugin = "email", .description = "the relay's port; 465 (TLS from the first byte) is not supported: use 587"},
    {.name = "SMTP_USER", .key = "smtp.user", .type = T::text, .plugin = "email",
     .description = "the login at the relay; without TLS refused unless `SMTP_ALLOW_PLAINTEXT_AUTH=true`"},
    {.name = "SMTP_PASSWORD", .key = "smtp.password", .type = T::secret, .plugin = "email",
     .description = "the password of `SMTP_USER`"},
    {.name = "SMTP_FROM", .key = "smtp.from", .type = T::text, .defaultValue = "crm-server@localhost", .plugin = "email",
     .description = "the sender of campaigns"},
    {.name = "SMTP_STARTTLS", .key = "smtp.starttls", .type = T::boolean, .defaultValue = "false", .plugin = "email",
     .description = "STARTTLS (TLS 1.2 or later) to a relay whose certificate names `SMTP_HOST` and chains to the system "
                    "CA store (or to `SMTP_CA_FILE`); a relay that fails gets nothing and is retried like an outage"},
    {.name = "SMTP_CA_FILE", .key = "smtp.ca_file", .type = T::path, .plugin = "email",
     .description = "a PEM file of the only CA certificates the relay's certificate may chain to"},
    {.name = "SMTP_ALLOW_PLAINTEXT_AUTH", .key = "smtp.allow_plaintext_auth", .type = T::boolean, .defaultValue = "false",
     .plugin = "email",
     .description = "send `SMTP_USER` and `SMTP_PASSWORD` to a relay without TLS (one on loopback, say; `docs/security.md`)"},
    {.name = "EMAIL_RATE_PER_SECOND", .key = "email.rate_per_second", .type = T::integer, .min = 1, .max = 1000000,
     .unit = "messages", .defaultValue = "10", .plugin = "email", .description = "messages sent per second by each server"},
    {.name = "EMAIL_MAX_ATTEMPTS", .key = "email.max_attempts", .type = T::integer, .min = 1, .max = 1000,
     .defaultValue = "5", .plugin = "email", .description = "attempts for a recipient after 4xx replies and relay outages"},
    {.name = "EMAIL_RETRY_BASE_SECONDS", .key = "email.retry_base_seconds", .type = T::integer, .min = 1, .max = 86400,
     .unit = "seconds", .defaultValue = "30", .plugin = "email",
     .description = "the wait before the first retry, doubled for each one after it"},
    {.name = "EMAIL_POLL_MS", .key = "email.poll_ms", .type = T::integer, .min = 10, .max = 60000, .unit = "ms",
     .defaultValue = "1000", .plugin = "email", .description = "how often the sender looks for queued messages"},
    {.name = "PUBLIC_URL", .key = "email.public_url", .type = T::url, .defaultNote = "`http://localhost:` and `PORT`",
     .plugin = "email", .description = "the address unsubscribe links in emails point at"},
};

}  // namespace

std::span<const SettingDefinition> settingTable() { return kSettings; }

const SettingDefinition& settingFor(const std::string& key) {
    for (const auto& setting : kSettings)
        if (key == setting.key) return setting;
    throw std::logic_error("no setting has the key '" + key + "' (core/config/SettingTable.cpp)");
}

}  // namespace crm
