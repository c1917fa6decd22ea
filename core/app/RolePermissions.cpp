#include "app/RolePermissions.h"

#include "config/ConfigError.h"
#include "config/SettingTable.h"
#include "config/SettingValue.h"
#include "plugins/PluginError.h"

#include <stdexcept>

namespace crm {

Permissions rolePermissions(const std::vector<PluginManifest>& manifests, const Settings& settings) {
    Permissions permissions;
    for (const auto& m : manifests) {
        try {
            permissions.declare(m.id, m.permissions, m.grants);
        } catch (const std::invalid_argument& e) {
            throw PluginError(m.directory + "/plugin.json: " + e.what());
        }
    }
    std::string problems;
    auto apply = [&](const std::string& role, const char* change, const std::vector<std::string>& names) {
        const auto& setting = settingFor("roles." + role + "." + change);
        for (const auto& permission : names) {
            try {
                if (std::string(change) == "grant") permissions.grant(role, permission);
                else permissions.revoke(role, permission);
            } catch (const std::invalid_argument& e) {
                problems += (problems.empty() ? "" : "\n") + settingLabel(setting) + ": " + e.what();
            }
        }
    };
    for (const auto& [role, changes] : settings.roleChanges) {
        apply(role, "grant", changes.grant);
        apply(role, "revoke", changes.revoke);
    }
    if (!problems.empty()) throw ConfigError(problems);
    return permissions;
}

}  // namespace crm
