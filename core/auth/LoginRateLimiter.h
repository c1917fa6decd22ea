#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace crm {

// Counts failed logins per email and per client address (IPv6: per /64,
// see rateLimitKey) in a fixed window.
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

    // The check and the count in one step, before the password is hashed:
    // 0 admits the attempt and counts it as a failure already, so 30
    // concurrent guesses cannot all pass the check before any is counted;
    // otherwise the seconds to wait. succeeded() takes the count back.
    int admit(const std::string& email, const std::string& address, Clock::time_point now = Clock::now());
    void succeeded(const std::string& email, const std::string& address);

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
