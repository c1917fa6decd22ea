#include "auth/UserTechnicianLink.h"

#include "api/HttpError.h"

namespace crm {

std::string linkUserTechnician(Database::Session& session, int64_t userId, std::optional<int64_t> technicianId) {
    std::string user = std::to_string(userId);
    std::optional<std::string> technician;
    if (technicianId) technician = std::to_string(*technicianId);
    auto outcome = session.query("SELECT link_user_technician($1::integer, $2::integer)", {user, technician});
    if (outcome.text(0, 0) == "unknown")
        throw Invalid("body", "technician_id", "Technician not found", "value_error");
    if (outcome.text(0, 0) == "taken")
        throw Conflict("Technician " + *technician + " is already another user's; set that user's technician_id "
                       "(or the technician's user_id) to null first");
    // A statement of its own: the link's write is visible to it.
    return std::string(session.query("SELECT user_json(u)::text FROM users u WHERE id = $1", {user}).text(0, 0));
}

}  // namespace crm
