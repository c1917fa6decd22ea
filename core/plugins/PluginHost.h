#pragma once

#include "api/StaticMount.h"
#include "auth/DerivedMac.h"
#include "crm/abi.h"
#include "plugins/JobRunner.h"
#include "plugins/PluginLibrary.h"
#include "plugins/PluginManifest.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <memory>
#include <string>
#include <vector>

namespace crm {

class Database;
class Router;

// crm_host (PluginRuntime.h) is the per-plugin state behind the ABI handle.

struct LoadedPlugin {
    PluginManifest manifest;
    std::unique_ptr<PluginLibrary> library;
    std::unique_ptr<crm_host> runtime;
    void* state = nullptr;
    std::size_t routeCount = 0;
    std::vector<StaticMount> mounts;  // its static folders, for StaticFiles
};

// Finds plugins on the plugin path, checks their manifests and ABI, loads
// them in dependency order, calls init and registers their routes under
// /api/v2. Any refusal throws PluginError: a server never starts with a
// broken or half-loaded plugin set.
class PluginHost {
public:
    // `signingSecret` keys the MACs plugins ask for; empty, they get none.
    PluginHost(Router& router, Database* database, const Poco::Util::AbstractConfiguration& config,
               const std::string& signingSecret = "");
    ~PluginHost();

    // Manifests of every folder on the path that holds a plugin.json, in load order.
    static std::vector<PluginManifest> discover(const std::vector<std::string>& pluginPath);

    // Loads one plugin; its requirements must be loaded already.
    void load(const PluginManifest& manifest);
    void loadAll(const std::vector<PluginManifest>& ordered);

    // Starts the plugins' background jobs (serve only).
    void startJobs() { jobs_.start(); }

    // Stops the jobs, then calls every plugin's shutdown, in reverse load order.
    void shutdownAll();

    const std::vector<std::unique_ptr<LoadedPlugin>>& plugins() const { return plugins_; }

    static const crm_host_api& api();

private:
    Router& router_;
    Database* database_;
    const Poco::Util::AbstractConfiguration& config_;
    std::unique_ptr<DerivedMac> macs_;  // from auth.secret, when there is one
    std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
    JobRunner jobs_;
};

}  // namespace crm
