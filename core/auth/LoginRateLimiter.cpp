#include "auth/LoginRateLimiter.h"

namespace crm {

int LoginRateLimiter::secondsLeft(std::unordered_map<std::string, Window>& windows, const std::string& key, int limit,
                                  Clock::time_point now) {
    auto it = windows.find(key);
    if (it == windows.end()) return 0;
    auto end = it->second.start + window_;
    if (now >= end) {
        windows.erase(it);
        return 0;
    }
    if (it->second.failures < limit) return 0;
    auto left = std::chrono::duration_cast<std::chrono::seconds>(end - now).count();
    return static_cast<int>(left < 1 ? 1 : left);
}

void LoginRateLimiter::bump(std::unordered_map<std::string, Window>& windows, const std::string& key, Clock::time_point now) {
    auto& w = windows[key];
    if (w.failures == 0 || now >= w.start + window_) {
        w.start = now;
        w.failures = 0;
    }
    ++w.failures;
}

int LoginRateLimiter::admit(const std::string& email, const std::string& address, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    int byEmail = secondsLeft(byEmail_, email, maxPerEmail_, now);
    int byAddress = secondsLeft(byAddress_, address, maxPerAddress_, now);
    if (int wait = byEmail > byAddress ? byEmail : byAddress) return wait;
    if (byEmail_.size() + byAddress_.size() > 100000) purgeExpired(now);
    bump(byEmail_, email, now);
    bump(byAddress_, address, now);
    return 0;
}

void LoginRateLimiter::succeeded(const std::string& email, const std::string& address) {
    std::lock_guard lock(mutex_);
    byEmail_.erase(email);
    auto it = byAddress_.find(address);
    if (it != byAddress_.end() && --it->second.failures <= 0) byAddress_.erase(it);
}

void LoginRateLimiter::purgeExpired(Clock::time_point now) {
    for (auto* windows : {&byEmail_, &byAddress_})
        for (auto it = windows->begin(); it != windows->end();)
            it = (now >= it->second.start + window_) ? windows->erase(it) : std::next(it);
}

}  // namespace crm
