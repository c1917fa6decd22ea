#pragma once

#include "auth/RevokedTokenSet.h"

#include <Poco/ThreadPool.h>
#include <Poco/Timer.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace crm {

class Database;

// Revoked access-token ids (jti), checked on every authenticated request
// without a database round trip.
//
// The truth is the token_revocations table, shared by every node. A revoke
// on this node takes effect here at once; revocations made by other nodes
// are picked up by a background poll every couple of seconds. Entries leave
// memory when the token would have expired anyway (forgetExpired, called by
// ExpiredTokenPurge, which also deletes the rows).
class RevocationList {
public:
    explicit RevocationList(Database& database);
    ~RevocationList();

    void start();  // loads the current list and starts the poll
    void stop();

    // Records the revocation in the database and in memory.
    void revoke(const std::string& tokenId, int64_t expiresAt);
    bool isRevoked(const std::string& tokenId);

    // Revoking a whole login (logout, a replayed refresh token) is recorded
    // under this key, until the newest access token of it expires: every
    // access token carries its family, and is refused from then on.
    static std::string familyKey(const std::string& family) { return "family:" + family; }

    // Drops from memory the revocations of tokens expired at `now` (epoch
    // seconds); returns how many.
    std::size_t forgetExpired(int64_t now);

private:
    void poll(Poco::Timer&);
    void load(bool everything);

    Database& database_;
    std::mutex mutex_;
    RevokedTokenSet revoked_;
    std::string lastSeen_;  // revoked_at of the newest row seen
    // A thread of its own, not one of POCO's shared pool: it ends with this
    // object, and with it the per-thread state libpq and OpenSSL kept there.
    Poco::ThreadPool thread_{1, 1};
    std::unique_ptr<Poco::Timer> timer_;
};

}  // namespace crm
