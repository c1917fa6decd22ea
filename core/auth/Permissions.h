#pragma once

#include <string>
#include <vector>

namespace crm {

// The one table that maps roles to permissions ("<domain>:<action>").
//   admin       everything
//   dispatcher  reads and writes customers, technicians, work orders,
//               schedule and campaigns; reads reports
//   technician  reads customers, technicians, schedule and work orders;
//               work_orders:update_assigned (status and notes of its own)
//   viewer      every read permission but users:read
// A permission of a third-party plugin's own domain is readable by every
// role that reads ("<domain>:read") and writable by admin only, unless it
// is listed here.
class Permissions {
public:
    // Any signed-in user, whatever the role (/auth/me, /auth/logout).
    static constexpr const char* kAuthenticated = "authenticated";

    static bool allows(const std::string& role, const std::string& permission);
    static bool isRole(const std::string& role);
    static const std::vector<std::string>& roles();
};

}  // namespace crm
