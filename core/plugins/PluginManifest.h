#pragma once

#include <map>
#include <string>
#include <vector>

namespace crm {

// plugin.json, read before the library is opened:
// {"id", "version", "sdk_abi": "1.0", "library": "libcrm-x.so",
//  "requires": {"other-plugin": ">=1.0.0 <2.0.0"}, "permissions": [...],
//  "route_prefixes": ["/things"], "description"}
struct PluginManifest {
    std::string id;
    std::string version;
    int abiMajor = 0;
    int abiMinor = 0;
    std::string library;    // absolute path
    std::string directory;  // the folder holding plugin.json
    std::string description;
    std::map<std::string, std::string> requirements;  // plugin id -> version range
    std::vector<std::string> permissions;
    std::vector<std::string> routePrefixes;

    std::string sqlDirectory() const { return directory + "/sql"; }

    // Throws PluginError naming the file and the problem.
    static PluginManifest load(const std::string& directory);
};

// "1.2.3" against a range of space-separated comparisons (">=1.0 <2", "*").
bool versionSatisfies(const std::string& version, const std::string& range);

// Orders manifests so each comes after what it requires; throws PluginError
// on a missing or unsatisfied requirement, a duplicate id or a cycle.
std::vector<PluginManifest> orderByRequirements(const std::vector<PluginManifest>& manifests);

}  // namespace crm
