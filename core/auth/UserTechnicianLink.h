#pragma once

#include "db/Database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace crm {

// Makes `technicianId` (std::nullopt: none) the technician the user is, and
// answers the user's JSON with it. The link is the technician's user_id
// (API.md section 2), written by link_user_technician (sql/0007, which the
// technicians plugin's migrations replace), in the session's transaction:
// the caller writes the user in the same one. Throws Invalid (422,
// body.technician_id) when there is no such technician and HttpError 409
// when it is another user's; either way the link is left as it was.
std::string linkUserTechnician(Database::Session& session, int64_t userId, std::optional<int64_t> technicianId);

}  // namespace crm
