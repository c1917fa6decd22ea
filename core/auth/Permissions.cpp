#include "auth/Permissions.h"

#include <algorithm>
#include <stdexcept>

namespace crm {
namespace {

constexpr const char* kCore = "core";

}  // namespace

const std::vector<std::string>& Permissions::roles() {
    static const std::vector<std::string> kRoles = {"admin", "dispatcher", "technician", "viewer"};
    return kRoles;
}

bool Permissions::isRole(const std::string& role) {
    const auto& all = roles();
    return std::find(all.begin(), all.end(), role) != all.end();
}

Permissions::Permissions() {
    // User management: with users:write a role could make itself admin.
    owners_ = {{"users:read", kCore}, {"users:write", kCore}};
}

void Permissions::declare(const std::string& owner, const std::vector<std::string>& permissions,
                          const std::map<std::string, std::vector<std::string>>& grants) {
    for (const auto& permission : permissions) {
        auto [it, added] = owners_.emplace(permission, owner);
        if (!added && it->second != owner)
            throw std::invalid_argument("permission '" + permission + "' of '" + owner + "' is already declared by '" +
                                        it->second + "'");
    }
    for (const auto& [role, granted] : grants) {
        if (!isRole(role)) throw std::invalid_argument("grants to '" + role + "', which is no role");
        for (const auto& permission : granted) {
            if (std::find(permissions.begin(), permissions.end(), permission) == permissions.end())
                throw std::invalid_argument("grants '" + permission + "' to " + role + ", but declares no such permission");
            if (role != kAdmin) granted_[role].insert(permission);
        }
    }
}

void Permissions::requireChangeable(const std::string& role, const std::string& permission) const {
    if (!isRole(role)) throw std::invalid_argument("'" + role + "' is no role");
    if (role == kAdmin) throw std::invalid_argument("admin holds every permission, always");
    auto owner = owners_.find(permission);
    if (owner == owners_.end())
        throw std::invalid_argument("'" + permission + "' is no permission of the core or of an installed plugin");
    if (owner->second == kCore) throw std::invalid_argument("'" + permission + "' is the core's own and stays admin's");
}

void Permissions::grant(const std::string& role, const std::string& permission) {
    requireChangeable(role, permission);
    granted_[role].insert(permission);
}

void Permissions::revoke(const std::string& role, const std::string& permission) {
    requireChangeable(role, permission);
    granted_[role].erase(permission);
}

bool Permissions::allows(const std::string& role, const std::string& permission) const {
    if (permission == kAuthenticated || role == kAdmin) return isRole(role);
    auto granted = granted_.find(role);
    return granted != granted_.end() && granted->second.count(permission);
}

std::vector<std::string> Permissions::rolesAllowed(const std::string& permission) const {
    std::vector<std::string> allowed;
    for (const auto& role : roles())
        if (allows(role, permission)) allowed.push_back(role);
    return allowed;
}

}  // namespace crm
