#include "auth/UserValidity.h"

#include "db/Database.h"

namespace crm {

bool UserValidity::accepts(int64_t userId, int64_t issuedAt) {
    auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto it = users_.find(userId);
        if (it != users_.end() && now - it->second.read < remember_)
            return it->second.active && issuedAt >= it->second.validAfter;
    }
    Entry entry{now, false, 0};
    {
        auto session = database_.acquire();
        auto rows = session.query(
            "SELECT is_active, floor(extract(epoch FROM tokens_valid_after))::bigint FROM users WHERE id = $1",
            {std::to_string(userId)});
        if (!rows.empty()) {
            entry.active = rows.text(0, 0) == "t";
            entry.validAfter = rows.integer(0, 1);
        }
    }
    std::lock_guard lock(mutex_);
    if (users_.size() >= kMaxUsers) users_.clear();  // bounded; refilled as users come back
    users_[userId] = entry;
    return entry.active && issuedAt >= entry.validAfter;
}

}  // namespace crm
