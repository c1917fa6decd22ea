#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace crm {

class Database;

// When each user's tokens start to be valid (users.tokens_valid_after, moved
// by a change of role, is_active or password, and when the user stops being
// a technician's user), remembered for a couple of seconds per node: a
// demoted or disabled user's tokens stop working within that time on every
// node, at the cost of one small read per user and interval. Seconds, like
// a token's iat: a token issued in the same second as the change, just
// before it, still passes.
class UserValidity {
public:
    explicit UserValidity(Database& database, std::chrono::milliseconds remember = std::chrono::seconds(2))
        : database_(database), remember_(remember) {}

    // False when the user is gone or disabled, or the token is older than
    // the user's last change. Throws DbUnavailable like any read.
    bool accepts(int64_t userId, int64_t issuedAt);

private:
    struct Entry {
        std::chrono::steady_clock::time_point read;
        bool active = false;
        int64_t validAfter = 0;
    };

    static constexpr std::size_t kMaxUsers = 100000;
    Database& database_;
    std::chrono::milliseconds remember_;
    std::mutex mutex_;
    std::unordered_map<int64_t, Entry> users_;
};

}  // namespace crm
