#pragma once

#include <Poco/Timer.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace crm {

class Database;

// Revoked access-token ids (jti), checked on every authenticated request
// without a database round trip.
//
// The truth is the token_revocations table, shared by every node. A revoke
// on this node takes effect here at once; revocations made by other nodes
// are picked up by a background poll every couple of seconds. Entries leave
// memory when the token would have expired anyway.
class RevocationList {
public:
    explicit RevocationList(Database& database);
    ~RevocationList();

    void start();  // loads the current list and starts the poll
    void stop();

    // Records the revocation in the database and in memory.
    void revoke(const std::string& tokenId, int64_t expiresAt);
    bool isRevoked(const std::string& tokenId);

private:
    void poll(Poco::Timer&);
    void load(bool everything);

    Database& database_;
    std::mutex mutex_;
    std::unordered_map<std::string, int64_t> revoked_;  // jti -> exp
    std::string lastSeen_;                               // revoked_at of the newest row seen
    std::unique_ptr<Poco::Timer> timer_;
};

}  // namespace crm
