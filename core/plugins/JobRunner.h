#pragma once

#include "crm/abi.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace crm {

// Runs plugins' background jobs, each on a thread of its own, from start()
// until stop(). A step that returns > 0 is called again at once; otherwise
// the job sleeps its interval (stop() wakes it). A step that throws or fails
// is logged and retried after the interval: a job never takes the server down.
class JobRunner {
public:
    ~JobRunner();

    void add(std::string owner, std::string name, crm_job_fn step, void* ctx, unsigned intervalMs);
    void start();
    void stop();  // waits for running steps to return

private:
    struct Job {
        std::string owner, name;
        crm_job_fn step;
        void* ctx;
        unsigned intervalMs;
        std::thread thread;
    };
    void run(Job& job);

    std::vector<std::unique_ptr<Job>> jobs_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
};

}  // namespace crm
