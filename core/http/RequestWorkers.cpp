#include "http/RequestWorkers.h"


namespace crm {

RequestWorkers::RequestWorkers(int threads, int running, Serve serve)
    : threadCount_(threads), runningLimit_(running < 1 ? 1 : running), serve_(std::move(serve)) {}

RequestWorkers::~RequestWorkers() { stop(std::chrono::milliseconds(0)); }

void RequestWorkers::start() {
    for (int i = 0; i < threadCount_; ++i) threads_.emplace_back([this] { run(); });
}

void RequestWorkers::enqueue(Connection connection) {
    bool canStart;
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(connection));
        canStart = running_ < runningLimit_;
    }
    // At the limit, an idle thread woken now would only go back to sleep:
    // the next runner to finish or step aside takes the connection.
    if (canStart) work_.notify_one();
}

void RequestWorkers::run() {
    WaitAside::bindThread(this);
    std::unique_lock lock(mutex_);
    for (;;) {
        work_.wait(lock, [this] {
            return queue_.empty() ? stopping_ : running_ < runningLimit_;
        });
        if (queue_.empty()) return;  // stopping, and nothing left to serve
        Connection connection = std::move(queue_.front());
        queue_.pop_front();
        ++running_;
        auto mine = serving_.insert(serving_.end(), connection.socket);
        lock.unlock();
        serve_(std::move(connection));
        lock.lock();
        --running_;
        serving_.erase(mine);
        if (serving_.empty() && queue_.empty()) idle_.notify_all();
        if (stopping_) work_.notify_all();  // the queue may be empty now: the idle threads may end
    }
}

void RequestWorkers::leave() {
    bool startAnother;
    {
        std::lock_guard lock(mutex_);
        --running_;
        startAnother = !queue_.empty();
    }
    if (startAnother) work_.notify_one();
}

void RequestWorkers::rejoin() {
    // Back at once, even past the limit for a moment: waiting here again
    // could leave a request that holds a session unable to finish.
    std::lock_guard lock(mutex_);
    ++running_;
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
            work_.notify_all();
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
