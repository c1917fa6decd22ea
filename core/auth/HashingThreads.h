#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace crm {

// Threads that do nothing but password hashing, at the lowest CPU priority
// (SCHED_IDLE, nice 19). With one per core, logins use every core the other
// requests leave idle; a request that needs a core takes it from a hash at
// once, so a burst of logins cannot slow the rest of the API down.
class HashingThreads {
public:
    explicit HashingThreads(int count);
    ~HashingThreads();
    HashingThreads(const HashingThreads&) = delete;
    HashingThreads& operator=(const HashingThreads&) = delete;

    // Runs `work` on one of the threads and waits for its result.
    std::string run(std::function<std::string()> work);

private:
    void serve();

    std::mutex mutex_;
    std::condition_variable queued_;
    std::deque<std::packaged_task<std::string()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace crm
