#include "auth/UserStore.h"

#include "auth/PasswordHasher.h"
#include "auth/UserTechnicianLink.h"
#include "db/Database.h"

namespace crm {
namespace {

const char* const kLoginColumns =
    "SELECT u.id, u.hashed_password, u.role, u.is_active, user_technician_id(u.id), user_json(u)::text FROM users u ";

std::optional<LoginCandidate> candidate(const QueryResult& rows) {
    if (rows.empty()) return std::nullopt;
    LoginCandidate c;
    c.id = rows.integer(0, 0);
    c.hashedPassword = std::string(rows.text(0, 1));
    c.role = std::string(rows.text(0, 2));
    c.active = rows.text(0, 3) == "t";
    if (!rows.isNull(0, 4)) c.technicianId = rows.integer(0, 4);
    c.json = std::string(rows.text(0, 5));
    return c;
}

}  // namespace

std::optional<LoginCandidate> UserStore::findByEmail(const std::string& email) {
    auto session = database_.acquire();
    return candidate(session.query(std::string(kLoginColumns) + "WHERE lower(u.email) = lower($1)", {email}));
}

std::optional<LoginCandidate> UserStore::findById(int64_t id) {
    auto session = database_.acquire();
    return candidate(session.query(std::string(kLoginColumns) + "WHERE u.id = $1", {std::to_string(id)}));
}

std::string UserStore::create(const std::string& email, const std::string& password,
                              const std::optional<std::string>& fullName, const std::string& role,
                              std::optional<int64_t> technicianId) {
    std::string hashed = hasher_.hash(password);
    auto session = database_.acquire();
    // The link to a technician is the technician's: written after the user,
    // in the same transaction.
    if (technicianId) session.begin();
    auto rows = session.query(
        "INSERT INTO users AS u (email, hashed_password, full_name, role) VALUES ($1, $2, $3, $4) "
        "RETURNING u.id, user_json(u)::text",
        {email, hashed, fullName, role});
    if (!technicianId) return std::string(rows.text(0, 1));
    std::string json = linkUserTechnician(session, rows.integer(0, 0), technicianId);
    session.commit();
    return json;
}

UserStore::AdminOutcome UserStore::ensureAdmin(const std::string& email, const std::string& password, bool reset) {
    {
        auto session = database_.acquire();
        if (!session.query("SELECT 1 FROM users WHERE lower(email) = lower($1)", {email}).empty() && !reset)
            return AdminOutcome::unchanged;
    }
    std::string hashed = hasher_.hash(password);  // without holding a session
    auto session = database_.acquire();
    auto rows = session.query(
        "INSERT INTO users (email, hashed_password, full_name, role, is_active) VALUES ($1, $2, 'Administrator', 'admin', true) "
        "ON CONFLICT ((lower(email))) DO UPDATE SET hashed_password = EXCLUDED.hashed_password, role = 'admin', "
        "is_active = true, updated_at = now() WHERE $3::boolean RETURNING (xmax = 0)",
        {email, hashed, reset ? "true" : "false"});
    if (rows.empty()) return AdminOutcome::unchanged;  // created meanwhile by another node
    return rows.text(0, 0) == "t" ? AdminOutcome::created : AdminOutcome::reset;
}

bool UserStore::setPassword(const std::string& email, const std::string& password) {
    std::string hashed = hasher_.hash(password);
    auto session = database_.acquire();
    auto rows = session.query("UPDATE users SET hashed_password = $2, updated_at = now() WHERE lower(email) = lower($1) RETURNING id",
                              {email, hashed});
    return !rows.empty();
}

bool UserStore::setActive(const std::string& email, bool active) {
    auto session = database_.acquire();
    auto rows = session.query("UPDATE users SET is_active = $2, updated_at = now() WHERE lower(email) = lower($1) RETURNING id",
                              {email, active ? "true" : "false"});
    return !rows.empty();
}

}  // namespace crm
