#include "plugins/JobRunner.h"

#include <Poco/Logger.h>

#include <chrono>

namespace crm {

JobRunner::~JobRunner() { stop(); }

void JobRunner::add(std::string owner, std::string name, crm_job_fn step, void* ctx, unsigned intervalMs) {
    jobs_.push_back(std::make_unique<Job>(Job{std::move(owner), std::move(name), step, ctx, intervalMs, {}}));
}

void JobRunner::start() {
    for (auto& job : jobs_)
        if (!job->thread.joinable()) job->thread = std::thread([this, &j = *job] { run(j); });
}

void JobRunner::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& job : jobs_)
        if (job->thread.joinable()) job->thread.join();
}

void JobRunner::run(Job& job) {
    auto& log = Poco::Logger::get("plugin." + job.owner);
    log.information("job " + job.name + " started");
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
        }
        int done = 0;
        try {
            done = job.step(job.ctx);
        } catch (...) {
            done = -1;  // the SDK's thunk catches; a C plugin's step cannot throw
        }
        if (done < 0) log.warning("job " + job.name + " step failed; retrying after its interval");
        if (done > 0) continue;
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::milliseconds(job.intervalMs), [this] { return stopping_; });
    }
    log.information("job " + job.name + " stopped");
}

}  // namespace crm
