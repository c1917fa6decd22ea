#include "auth/HashingThreads.h"

#include "net/WaitAside.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

namespace crm {

HashingThreads::HashingThreads(int count) {
    for (int i = 0; i < (count < 1 ? 1 : count); ++i) threads_.emplace_back([this] { serve(); });
}

HashingThreads::~HashingThreads() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    queued_.notify_all();
    for (auto& thread : threads_) thread.join();
}

std::string HashingThreads::run(std::function<std::string()> work) {
    std::packaged_task<std::string()> task(std::move(work));
    auto result = task.get_future();
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(task));
    }
    queued_.notify_one();
    WaitAside aside;  // a hash takes ~250 ms of a core no request wants
    return result.get();
}

void HashingThreads::serve() {
    // SCHED_IDLE: the scheduler preempts this thread as soon as any other
    // thread wants the core. Nice 19 as well, which is all that remains if
    // the policy is refused. Lowering priority needs no privilege; if both
    // fail, hashing still works.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
    sched_param idle{};
    pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle);
    for (;;) {
        std::packaged_task<std::string()> task;
        {
            std::unique_lock lock(mutex_);
            queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, nothing left to do
            task = std::move(queue_.front());
            queue_.pop_front();
        }
        task();
    }
}

}  // namespace crm
