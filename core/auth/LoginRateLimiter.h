#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace crm {

// Counts failed logins per email and per client address in a fixed window.
// Past the limit, logins for that email or from that address are refused
// with 429 until the window ends, even with the right password: that is
// what makes guessing slow. A success clears the email's count.
//
// The counters live in this process: behind a load balancer each node
// limits on its own, which bounds guessing at limit × nodes per window.
class LoginRateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    LoginRateLimiter(int maxPerEmail, int maxPerAddress, std::chrono::seconds window)
        : maxPerEmail_(maxPerEmail), maxPerAddress_(maxPerAddress), window_(window) {}

    // Seconds to wait before trying again, 0 when a login may be tried now.
    int retryAfter(const std::string& email, const std::string& address, Clock::time_point now = Clock::now());
    void recordFailure(const std::string& email, const std::string& address, Clock::time_point now = Clock::now());
    void recordSuccess(const std::string& email);

private:
    struct Window {
        Clock::time_point start;
        int failures = 0;
    };
    int secondsLeft(std::unordered_map<std::string, Window>& windows, const std::string& key, int limit,
                    Clock::time_point now);
    void bump(std::unordered_map<std::string, Window>& windows, const std::string& key, Clock::time_point now);
    void purgeExpired(Clock::time_point now);

    int maxPerEmail_;
    int maxPerAddress_;
    std::chrono::seconds window_;
    std::mutex mutex_;
    std::unordered_map<std::string, Window> byEmail_;
    std::unordered_map<std::string, Window> byAddress_;
};

}  // namespace crm
