#include "auth/UserRateLimiter.h"

namespace crm {

int UserRateLimiter::admit(int64_t userId, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    // One pass over the map per window keeps it to the users seen in the
    // last two windows, at a cost spread over a window's requests.
    if (now >= nextSweep_) {
        forgetEnded(now);
        nextSweep_ = now + window_;
    }
    auto it = windows_.find(userId);
    if (it == windows_.end()) {
        if (windows_.size() >= maxUsers_) {
            forgetEnded(now);
            if (windows_.size() >= maxUsers_) return 0;
        }
        it = windows_.emplace(userId, Window{now, 0}).first;
    } else if (now >= it->second.start + window_) {
        it->second = Window{now, 0};
    }
    auto& w = it->second;
    if (w.admitted < maxPerWindow_) {
        ++w.admitted;
        return 0;
    }
    auto left = std::chrono::ceil<std::chrono::seconds>(w.start + window_ - now).count();
    return static_cast<int>(left < 1 ? 1 : left);
}

std::size_t UserRateLimiter::trackedUsers() {
    std::lock_guard lock(mutex_);
    return windows_.size();
}

void UserRateLimiter::forgetEnded(Clock::time_point now) {
    for (auto it = windows_.begin(); it != windows_.end();)
        it = now >= it->second.start + window_ ? windows_.erase(it) : std::next(it);
}

}  // namespace crm
