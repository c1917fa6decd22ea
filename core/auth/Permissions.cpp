#include "auth/Permissions.h"

#include <algorithm>
#include <map>
#include <set>

namespace crm {
namespace {

const std::map<std::string, std::set<std::string>> kGrants = {
    {"dispatcher",
     {"customers:read", "customers:write", "technicians:read", "technicians:write", "work_orders:read",
      "work_orders:write", "work_orders:update_assigned", "schedule:read", "schedule:write", "campaigns:read",
      "campaigns:write", "reports:read"}},
    {"technician",
     {"customers:read", "technicians:read", "schedule:read", "work_orders:read", "work_orders:update_assigned"}},
    {"viewer", {}},
};

bool isRead(const std::string& permission) {
    return permission.size() > 5 && permission.compare(permission.size() - 5, 5, ":read") == 0;
}

}  // namespace

const std::vector<std::string>& Permissions::roles() {
    static const std::vector<std::string> kRoles = {"admin", "dispatcher", "technician", "viewer"};
    return kRoles;
}

bool Permissions::isRole(const std::string& role) {
    const auto& all = roles();
    return std::find(all.begin(), all.end(), role) != all.end();
}

bool Permissions::allows(const std::string& role, const std::string& permission) {
    if (permission == kAuthenticated) return isRole(role);
    if (role == "admin") return true;
    if (permission.rfind("users:", 0) == 0) return false;
    auto grants = kGrants.find(role);
    if (grants == kGrants.end()) return false;
    if (grants->second.count(permission)) return true;
    // viewer reads everything; dispatcher and technician read what they are granted,
    // plus the read permission of any domain a third-party plugin adds.
    static const std::set<std::string> kBuiltInDomains = {"customers", "technicians", "work_orders", "schedule",
                                                          "campaigns", "reports", "users"};
    std::string domain = permission.substr(0, permission.find(':'));
    if (!isRead(permission)) return false;
    if (role == "viewer") return true;
    return !kBuiltInDomains.count(domain);
}

}  // namespace crm
