#pragma once

#include "http/ConnectionListener.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <list>
#include <thread>
#include <vector>

namespace crm {

// The threads that serve requests: each takes a connection whose request
// head has arrived, serves it, and takes the next. A thread is busy only
// while a request is being read, handled and answered.
class RequestWorkers {
public:
    using Connection = ConnectionListener::Connection;
    using Serve = std::function<void(Connection)>;

    RequestWorkers(int threads, Serve serve);
    ~RequestWorkers();

    void start();
    void enqueue(Connection connection);

    // Serves every connection already queued and every request in flight,
    // waiting at most `grace`; then shuts the sockets still being served, so
    // their threads return, and joins them.
    void stop(std::chrono::milliseconds grace);

    int busy() const;
    std::size_t queued() const;

private:
    void run();

    int threadCount_;
    Serve serve_;
    std::vector<std::thread> threads_;
    mutable std::mutex mutex_;
    std::condition_variable work_, idle_;
    std::deque<Connection> queue_;
    // The connections being served; copies keep each socket's identity, so
    // stop() can never shut a descriptor that was closed and reused meanwhile.
    std::list<Poco::Net::StreamSocket> serving_;
    bool stopping_ = false;
};

}  // namespace crm
