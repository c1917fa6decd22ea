#pragma once

#include "api/Router.h"
#include "app/EmailOutboxCounts.h"
#include "auth/AuthRoutes.h"
#include "auth/ExpiredTokenPurge.h"
#include "auth/LoginRateLimiter.h"
#include "auth/PasswordHasher.h"
#include "auth/Permissions.h"
#include "auth/RevocationList.h"
#include "auth/TokenService.h"
#include "auth/UserRateLimiter.h"
#include "auth/UserRoutes.h"
#include "auth/UserStore.h"
#include "auth/UserValidity.h"
#include "config/Settings.h"
#include "db/Database.h"
#include "http/Authenticator.h"
#include "http/CorsPolicy.h"
#include "http/HttpServer.h"
#include "http/MetricsRoute.h"
#include "http/RequestMetrics.h"
#include "http/StaticFiles.h"
#include "http/SystemRoutes.h"
#include "metrics/MetricsRegistry.h"
#include "net/ClientAddress.h"
#include "plugins/PluginHost.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <memory>
#include <string>
#include <vector>

namespace crm {

// Everything the subsystems build, in the order they build it. Owned by
// the application; each subsystem fills and tears down its part.
struct ServerState {
    std::string command;
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config;
    Settings settings;

    std::vector<PluginManifest> manifests;
    Permissions permissions;  // from the manifests and roles.* (app/RolePermissions.h)
    std::unique_ptr<Database> database;

    Router router;
    StaticFiles staticFiles;  // /docs and the plugins' web apps, after the routes
    std::unique_ptr<PluginHost> plugins;

    std::unique_ptr<PasswordHasher> hasher;
    std::unique_ptr<TokenService> tokens;
    std::unique_ptr<LoginRateLimiter> loginLimiter;
    std::unique_ptr<UserRateLimiter> refreshLimiter;
    std::unique_ptr<UserRateLimiter> logoutLimiter;
    std::unique_ptr<RevocationList> revocations;
    std::unique_ptr<UserValidity> userValidity;
    std::unique_ptr<ExpiredTokenPurge> tokenPurge;
    std::unique_ptr<UserStore> users;
    std::unique_ptr<AuthRoutes> authRoutes;
    std::unique_ptr<UserRoutes> userRoutes;
    std::unique_ptr<SystemRoutes> systemRoutes;
    std::unique_ptr<Authenticator> authenticator;
    std::unique_ptr<CorsPolicy> cors;
    std::unique_ptr<TrustedProxies> proxies;
    std::unique_ptr<FairGate> longReads;  // DB_LONG_READ_SHARE_PERCENT of the sessions
    MetricsRegistry metrics;                 // what /metrics writes (app/ServerMetrics.cpp)
    std::unique_ptr<MetricsRoute> metricsRoute;
    std::unique_ptr<RequestMetrics> requestMetrics;
    std::unique_ptr<EmailOutboxCounts> emailOutbox;
    std::unique_ptr<HttpServer> server;

    // The pool connects lazily, so `routes` and `plugins` build it too
    // without ever touching the database.
    bool needsDatabase() const { return command != "check-config"; }
    bool needsMigrations() const { return command == "serve" || command == "migrate"; }
    bool needsPlugins() const { return command == "serve" || command == "routes" || command == "plugins"; }
    // check-config reads the manifests too: roles.* names their permissions.
    bool needsManifests() const { return needsPlugins() || needsMigrations() || command == "check-config"; }
};

}  // namespace crm
