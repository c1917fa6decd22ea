#include "app/Subsystems.h"

#include "app/RolePermissions.h"
#include "app/ServerMetrics.h"
#include "app/ServerState.h"
#include "app/StaticFolders.h"
#include "config/ConfigError.h"
#include "db/ConnectionString.h"
#include "db/MigrationRunner.h"
#include "http/OpenFilesLimit.h"
#include "http/RequestPipeline.h"
#include "plugins/PluginError.h"
#include "plugins/TrustedPath.h"

#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Util/Application.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace crm {

namespace {
constexpr const char* kApiPrefix = "/api/v2";
}

void DatabaseSubsystem::initialize(Poco::Util::Application&) {
    if (state_.needsManifests()) {
        state_.manifests = PluginHost::discover(state_.settings.pluginPath);
        // Before any migration: a grant naming nothing stops start-up with
        // the database untouched.
        state_.permissions = rolePermissions(state_.manifests, state_.settings);
    }
    if (!state_.needsDatabase()) return;
    const auto& s = state_.settings;
    std::string connection = toLibpqConnectionString(s.databaseUrl);
    // Every pooled session: a statement may hold its session this long
    // (the pipeline answers 503 past it); migrations lift it for themselves.
    if (s.statementTimeoutMs > 0) connection += " options='-cstatement_timeout=" + std::to_string(s.statementTimeoutMs) + "'";
    state_.database = std::make_unique<Database>(connection, s.poolSize, std::chrono::milliseconds(2000));
    if (!state_.needsMigrations()) return;

    // Without the core's migrations the server would start on an empty
    // schema and fail every request: stop here and say where it looked.
    if (!Poco::File(s.coreSqlDir).exists())
        throw ConfigError("CRM_SQL_DIR (migrations.core_dir): " + s.coreSqlDir +
                          " does not exist; point it at the core's migrations (/usr/share/crm-server/sql when installed)");
    requireTrustedPath(s.coreSqlDir, "core SQL folder");
    if (Poco::File(s.coreSqlDir + "/repeatable").exists()) requireTrustedPath(s.coreSqlDir + "/repeatable", "core SQL folder");
    std::vector<MigrationSource> sources{{"core", s.coreSqlDir}};
    for (const auto& m : state_.manifests) sources.push_back({m.id, m.sqlDirectory()});
    auto outcome = MigrationRunner(*state_.database).run(sources);
    auto& log = Poco::Logger::get("migrations");
    for (const auto& m : outcome.applied)
        log.information("applied " + m.owner + " " + std::to_string(m.version) + "_" + m.name);
    for (const auto& r : outcome.reapplied) log.information("applied " + r.owner + " repeatable/" + r.name + ".sql");
    // Dropping what a removed file made is a versioned migration's job:
    // something may still call it.
    for (const auto& name : outcome.vanished)
        log.warning("repeatable " + name + ".sql was applied before and is gone; what it defined stays in the "
                    "database until a migration drops it");
    if (outcome.applied.empty() && outcome.reapplied.empty()) log.information("schema is up to date");
    else
        log.information(std::to_string(outcome.applied.size()) + " migrations and " +
                        std::to_string(outcome.reapplied.size()) + " repeatable files applied");
}

void DatabaseSubsystem::uninitialize() { state_.database.reset(); }

void AuthSubsystem::initialize(Poco::Util::Application&) {
    if (!state_.database) return;
    const auto& s = state_.settings;
    auto& db = *state_.database;
    unsigned cores = std::thread::hardware_concurrency();
    state_.hasher = std::make_unique<PasswordHasher>(s.bcryptCost, cores > 0 ? static_cast<int>(cores) : 1);
    state_.tokens = std::make_unique<TokenService>(s.jwtSecret, s.accessTokenMinutes, s.refreshTokenDays);
    state_.users = std::make_unique<UserStore>(db, *state_.hasher);
    state_.revocations = std::make_unique<RevocationList>(db);
    state_.tokenPurge = std::make_unique<ExpiredTokenPurge>(db, *state_.revocations, std::chrono::seconds(s.tokenPurgeSeconds));
    if (!state_.needsPlugins()) return;

    state_.loginLimiter = std::make_unique<LoginRateLimiter>(s.loginMaxFailuresPerEmail, s.loginMaxFailuresPerIp,
                                                             std::chrono::seconds(s.loginWindowSeconds));
    state_.refreshLimiter = std::make_unique<UserRateLimiter>(s.refreshMaxPerUser, std::chrono::seconds(s.tokenWindowSeconds));
    state_.logoutLimiter = std::make_unique<UserRateLimiter>(s.logoutMaxPerUser, std::chrono::seconds(s.tokenWindowSeconds));
    state_.authRoutes = std::make_unique<AuthRoutes>(db, *state_.users, *state_.tokens, *state_.hasher,
                                                     *state_.loginLimiter, *state_.refreshLimiter,
                                                     *state_.logoutLimiter, *state_.revocations);
    state_.userRoutes = std::make_unique<UserRoutes>(db, *state_.users, *state_.hasher);
    state_.authRoutes->registerIn(state_.router, kApiPrefix);
    state_.userRoutes->registerIn(state_.router, kApiPrefix);
}

void AuthSubsystem::start(ServerState& state) {
    const auto& s = state.settings;
    if (!s.adminEmail.empty()) {
        auto outcome = state.users->ensureAdmin(s.adminEmail, s.adminPassword, s.adminReset);
        auto& log = Poco::Logger::get("auth");
        if (outcome == UserStore::AdminOutcome::created) log.information("admin " + s.adminEmail + " created");
        else if (outcome == UserStore::AdminOutcome::reset) log.warning("admin " + s.adminEmail + " reset: password set, active, role admin (CRM_ADMIN_RESET)");
        else log.information("admin " + s.adminEmail + " exists; left as it is (CRM_ADMIN_RESET=true resets its password)");
    }
    state.revocations->start();
    state.tokenPurge->start();
}

// After HTTP and the plugins: requests still being answered see fresh
// revocations until the last one is done.
void AuthSubsystem::uninitialize() {
    if (state_.tokenPurge) state_.tokenPurge->stop();
    if (state_.revocations) state_.revocations->stop();
}

void PluginSubsystem::initialize(Poco::Util::Application&) {
    if (!state_.database || !state_.needsPlugins()) return;
    const auto& s = state_.settings;
    auto& db = *state_.database;
    state_.plugins = std::make_unique<PluginHost>(state_.router, &db, *state_.config, s.jwtSecret);
    state_.systemRoutes = std::make_unique<SystemRoutes>(db, *state_.plugins, state_.router, CRM_VERSION);
    state_.systemRoutes->registerIn(state_.router, kApiPrefix);
    state_.metricsRoute = std::make_unique<MetricsRoute>(state_.metrics, MetricsAccess(s.metricsAllow, s.metricsToken));
    state_.metricsRoute->registerIn(state_.router);
    state_.plugins->loadAll(state_.manifests);
    mountStaticFolders(state_);
    // Like a second registration of a route, two plugins giving one
    // response schema name two meanings stops start-up.
    try {
        state_.systemRoutes->publishDocument();
    } catch (const std::invalid_argument& e) {
        throw PluginError(std::string("OpenAPI document: ") + e.what());
    }
}

void PluginSubsystem::uninitialize() {
    if (state_.plugins) state_.plugins->shutdownAll();
}

void HttpSubsystem::initialize(Poco::Util::Application&) {
    if (state_.command != "serve") return;
    state_.userValidity = std::make_unique<UserValidity>(*state_.database);
    state_.authenticator = std::make_unique<Authenticator>(*state_.tokens, *state_.revocations, *state_.userValidity);
    state_.cors = std::make_unique<CorsPolicy>(state_.settings.allowedOrigins);
    const auto& s = state_.settings;
    state_.proxies = std::make_unique<TrustedProxies>(s.trustedProxies);
    state_.longReads = std::make_unique<FairGate>(std::max(1, s.poolSize * s.longReadSharePercent / 100));
    // Every route is registered by now: the plugins have loaded.
    state_.requestMetrics = std::make_unique<RequestMetrics>(state_.router.routes());
    addServerMetrics(state_);
}

void HttpSubsystem::start(ServerState& state) {
    const auto& s = state.settings;
    ConnectionLimits limits = s.connections;
    raiseOpenFilesLimit(limits);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(s.host, static_cast<Poco::UInt16>(s.port)), 1024);
    state.server = std::make_unique<HttpServer>(
        new RequestPipelineFactory({state.router, *state.authenticator, state.permissions, *state.cors, state.settings,
                                    *state.longReads, *state.proxies, *state.requestMetrics, state.staticFiles}),
        socket,
        // As many requests run at once as there are database sessions: more
        // would only queue for a session (docs/connections.md).
        limits, s.httpThreads, s.poolSize);
    state.server->start();
}

void HttpSubsystem::uninitialize() {
    if (!state_.server) return;
    // Stop accepting, then give requests already received a bounded time.
    state_.server->stop(std::chrono::seconds(state_.settings.shutdownSeconds));
    state_.server.reset();
}

}  // namespace crm
