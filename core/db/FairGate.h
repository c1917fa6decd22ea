#pragma once

#include <chrono>
#include <condition_variable>
#include <list>
#include <mutex>

namespace crm {

// At most `permits` holders at once; the others wait in arrival order, up
// to a deadline. The database sessions sit behind one: when every session
// is busy, requests queue here first come, first served, instead of
// retrying in a loop (which served whoever happened to wake up, and made
// the slowest requests much slower).
class FairGate {
public:
    explicit FairGate(int permits) : free_(permits) {}

    // True once admitted; false when `timeout` passed first.
    bool enter(std::chrono::milliseconds timeout);
    // Hands the permit to the longest waiter, or frees it.
    void leave();

private:
    struct Waiter {
        std::condition_variable admitted;
        bool granted = false;
    };

    std::mutex mutex_;
    int free_;
    std::list<Waiter*> queue_;
};

}  // namespace crm
