#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace crm {

// Which role may use which permission ("<domain>:<action>"): the one table
// the request pipeline asks. admin holds every permission. The others hold
// nothing of the core's own (users:*); of a plugin's permissions they hold
// what its plugin.json "grants" them, plus what the operator's
// roles.<role>.grant adds, less what roles.<role>.revoke takes away
// (docs/permissions.md). Built once at start-up, read-only after.
class Permissions {
public:
    // Any signed-in user, whatever the role (/auth/me, /auth/logout).
    static constexpr const char* kAuthenticated = "authenticated";
    static constexpr const char* kAdmin = "admin";

    static bool isRole(const std::string& role);
    static const std::vector<std::string>& roles();

    // Only the core's permissions: users:read and users:write, admin's alone.
    Permissions();

    // A plugin's permissions, with the roles it grants each of them to.
    // Throws std::invalid_argument when a grant names a permission not in
    // `permissions` or a role that does not exist, or a permission is
    // declared already (by the core or another plugin).
    void declare(const std::string& owner, const std::vector<std::string>& permissions,
                 const std::map<std::string, std::vector<std::string>>& grants);

    // The operator's changes. Throw std::invalid_argument for a role that is
    // not one, admin (it holds everything, always), a permission nobody
    // declared, or one of the core's (users:* stays admin's).
    void grant(const std::string& role, const std::string& permission);
    void revoke(const std::string& role, const std::string& permission);

    bool allows(const std::string& role, const std::string& permission) const;
    // The roles that may use `permission`, in roles() order.
    std::vector<std::string> rolesAllowed(const std::string& permission) const;

private:
    void requireChangeable(const std::string& role, const std::string& permission) const;

    std::map<std::string, std::string> owners_;  // permission -> "core" or the plugin id
    std::map<std::string, std::set<std::string>> granted_;  // role -> permissions, admin not among them
};

}  // namespace crm
