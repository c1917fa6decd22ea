#pragma once

#include "auth/Permissions.h"
#include "config/Settings.h"
#include "plugins/PluginManifest.h"

#include <vector>

namespace crm {

// The role table the server runs with: the core's permissions, each
// manifest's permissions with its "grants", then the operator's
// roles.<role>.grant and .revoke over them (operator over manifest).
// Built from the manifests alone, before any library is opened or migration
// run. Throws PluginError naming the plugin.json, role and permission of a
// bad grant, and ConfigError with one line for each bad setting.
Permissions rolePermissions(const std::vector<PluginManifest>& manifests, const Settings& settings);

}  // namespace crm
