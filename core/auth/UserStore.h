#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace crm {

class Database;
class PasswordHasher;

struct LoginCandidate {
    int64_t id = 0;
    std::string hashedPassword;
    std::string role;
    bool active = false;
    std::optional<int64_t> technicianId;  // the technician whose user_id is this user
    std::string json;  // the User object of the contract
};

// The users table, for login, the admin bootstrap and `crm-server user`.
// The /users/ routes use the same SQL through this class.
class UserStore {
public:
    UserStore(Database& database, PasswordHasher& hasher) : database_(database), hasher_(hasher) {}

    std::optional<LoginCandidate> findByEmail(const std::string& email);
    std::optional<LoginCandidate> findById(int64_t id);

    // Creates the user, the user of technician `technicianId` when given,
    // and returns its JSON; throws DbError 23505 on a duplicate email, and
    // what linkUserTechnician throws for a technician it cannot link.
    std::string create(const std::string& email, const std::string& password, const std::optional<std::string>& fullName,
                       const std::string& role, std::optional<int64_t> technicianId);

    // CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD at start-up: creates that admin
    // when no user has the email, and changes nothing about an existing one
    // (a disabled or demoted account stays so) unless `reset`, which sets
    // the password and makes it an active admin again: the way back in.
    // Returns what it did, for the log.
    enum class AdminOutcome { created, unchanged, reset };
    AdminOutcome ensureAdmin(const std::string& email, const std::string& password, bool reset);

    // Changes a password (and re-activates nothing). Returns false when no such email.
    bool setPassword(const std::string& email, const std::string& password);
    bool setActive(const std::string& email, bool active);

private:
    Database& database_;
    PasswordHasher& hasher_;
};

}  // namespace crm
