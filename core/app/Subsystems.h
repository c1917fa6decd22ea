#pragma once

#include <Poco/Util/Subsystem.h>

namespace crm {

struct ServerState;

// The server's parts, initialised in this order by the application and
// uninitialised in reverse (DESIGN.md section 1): the database and its
// migrations, then auth, then the plugins, then HTTP.

class DatabaseSubsystem : public Poco::Util::Subsystem {
public:
    explicit DatabaseSubsystem(ServerState& state) : state_(state) {}
    const char* name() const override { return "database"; }
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    ServerState& state_;
};

// Passwords, tokens, users and revocations, and the core's /auth and /users
// routes, registered before any plugin's so no plugin can take them over.
// start() is serve's: the admin of CRM_ADMIN_EMAIL, then the revocation
// poll and the purge of expired tokens, which uninitialize() stops.
class AuthSubsystem : public Poco::Util::Subsystem {
public:
    explicit AuthSubsystem(ServerState& state) : state_(state) {}
    const char* name() const override { return "auth"; }
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

    static void start(ServerState& state);

private:
    ServerState& state_;
};

class PluginSubsystem : public Poco::Util::Subsystem {
public:
    explicit PluginSubsystem(ServerState& state) : state_(state) {}
    const char* name() const override { return "plugins"; }
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    ServerState& state_;
};

class HttpSubsystem : public Poco::Util::Subsystem {
public:
    explicit HttpSubsystem(ServerState& state) : state_(state) {}
    const char* name() const override { return "http"; }
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

    static void start(ServerState& state);

private:
    ServerState& state_;
};

}  // namespace crm
