#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace crm {

// Admits at most `maxPerWindow` requests of one user to one endpoint in a
// fixed window that starts with the user's first request; past that the
// user waits for the window to end. AuthRoutes keeps one for refresh and
// one for logout, so a client churning tokens in a loop writes a bounded
// number of rows per minute.
//
// Users are identified by the id in a token we signed, so there are at
// most as many entries as users holding a valid token. Memory is bounded
// anyway: an ended window is forgotten within one more window, and at most
// `maxUsers` users are tracked at once; past that a newcomer is admitted
// untracked rather than refused (refusing would block logouts for
// everyone, a worse failure than a few extra rows).
//
// The counters live in this process: behind a load balancer each node
// limits on its own (limit × nodes per window).
class UserRateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    UserRateLimiter(int maxPerWindow, std::chrono::seconds window, std::size_t maxUsers = 100000)
        : maxPerWindow_(maxPerWindow), window_(window), maxUsers_(maxUsers) {}

    // Counts the request and answers 0 when it may proceed; otherwise the
    // whole seconds until the user's window ends (the request is not
    // counted, and asking again after that many seconds succeeds).
    int admit(int64_t userId, Clock::time_point now = Clock::now());

    std::size_t trackedUsers();

private:
    struct Window {
        Clock::time_point start;
        int admitted = 0;
    };
    void forgetEnded(Clock::time_point now);

    int maxPerWindow_;
    std::chrono::seconds window_;
    std::size_t maxUsers_;
    std::mutex mutex_;
    std::unordered_map<int64_t, Window> windows_;
    Clock::time_point nextSweep_{};
};

}  // namespace crm
