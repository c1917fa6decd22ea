#pragma once

#include <map>
#include <string>
#include <vector>

namespace crm {

// plugin.json, read before the library is opened:
// {"id", "version", "sdk_abi": "1.0", "library": "libcrm-x.so",
//  "requires": {"other-plugin": ">=1.0.0 <2.0.0"}, "permissions": [...],
//  "grants": {"dispatcher": ["things:read"]}, "route_prefixes": ["/things"],
//  "static_paths": ["/console"], "config": ["smtp.host"], "description"}
// "grants" gives roles the plugin's own permissions by default; the
// operator's roles.<role>.grant and .revoke change them (auth/Permissions.h).
// "static_paths" lists the URL paths the plugin may serve files at (ABI 1.4).
// "config" lists the keys outside its own "plugins.<id>." namespace that the
// plugin may read; the core's own secrets (auth.*, database.*, admin.*)
// cannot be listed.
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
    std::map<std::string, std::vector<std::string>> grants;  // role -> permissions, as written
    std::vector<std::string> routePrefixes;
    std::vector<std::string> staticPaths;
    std::vector<std::string> configKeys;  // declared keys beyond plugins.<id>.*

    std::string sqlDirectory() const { return directory + "/sql"; }

    // Throws PluginError naming the file and the problem.
    static PluginManifest load(const std::string& directory);
    // The manifest in `text`, as if read from `file` in `directory`.
    static PluginManifest parse(const std::string& text, const std::string& directory, const std::string& file);

    // Whether the plugin may read configuration key `key`.
    bool mayRead(const std::string& key) const;
};

// "1.2.3" against a range of space-separated comparisons (">=1.0 <2", "*").
bool versionSatisfies(const std::string& version, const std::string& range);

// Orders manifests so each comes after what it requires; throws PluginError
// on a missing or unsatisfied requirement, a duplicate id or a cycle.
std::vector<PluginManifest> orderByRequirements(const std::vector<PluginManifest>& manifests);

}  // namespace crm
