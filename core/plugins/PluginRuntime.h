#pragma once

#include "api/Route.h"
#include "api/StaticMount.h"
#include "crm/abi.h"
#include "plugins/PluginManifest.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace crm {

class Database;
class DerivedMac;
class JobRunner;

// What the host knows about one plugin while serving it: the state behind
// the opaque crm_host handle its host API calls pass back.
struct PluginRuntime {
    const PluginManifest* manifest = nullptr;
    Database* database = nullptr;
    const Poco::Util::AbstractConfiguration* config = nullptr;
    bool initialising = true;
    std::vector<Route> pendingRoutes;  // registered when init succeeds
    std::vector<StaticMount> mounts;   // its folders of static files (ABI 1.4)
    std::string refusal;               // why route_add refused a route, if it did
    JobRunner* jobs = nullptr;
    const DerivedMac* macs = nullptr;  // null without a secret

    std::mutex configMutex;
    std::map<std::string, std::string> configValues;  // keeps returned views alive
    std::set<std::string> refusedKeys;                 // logged once each
};

}  // namespace crm

// The ABI's opaque handle is the runtime itself.
struct crm_host : crm::PluginRuntime {};
