#include "http/RequestWorkers.h"


namespace crm {

RequestWorkers::RequestWorkers(int threads, Serve serve) : threadCount_(threads), serve_(std::move(serve)) {}

RequestWorkers::~RequestWorkers() { stop(std::chrono::milliseconds(0)); }

void RequestWorkers::start() {
    for (int i = 0; i < threadCount_; ++i) threads_.emplace_back([this] { run(); });
}

void RequestWorkers::enqueue(Connection connection) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(connection));
    }
    work_.notify_one();
}

void RequestWorkers::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to serve
        Connection connection = std::move(queue_.front());
        queue_.pop_front();
        auto mine = serving_.insert(serving_.end(), connection.socket);
        lock.unlock();
        serve_(std::move(connection));
        lock.lock();
        serving_.erase(mine);
        if (serving_.empty() && queue_.empty()) idle_.notify_all();
    }
}

void RequestWorkers::stop(std::chrono::milliseconds grace) {
    {
        std::unique_lock lock(mutex_);
        if (threads_.empty()) return;
        stopping_ = true;
        work_.notify_all();
        if (!idle_.wait_for(lock, grace, [this] { return serving_.empty() && queue_.empty(); })) {
            // Past the bound: unblock reads and writes still in progress,
            // and drop what no thread has started on.
            for (auto& socket : serving_) {
                try {
                    socket.shutdown();
                } catch (const Poco::Exception&) {
                    // Closed meanwhile: its worker is done with it already.
                }
            }
            queue_.clear();
        }
    }
    for (auto& t : threads_) t.join();
    threads_.clear();
}

int RequestWorkers::busy() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(serving_.size());
}

std::size_t RequestWorkers::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

}  // namespace crm
