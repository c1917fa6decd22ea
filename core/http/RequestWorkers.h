#pragma once

#include "http/ConnectionListener.h"
#include "net/WaitAside.h"

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
//
// Of the busy threads, at most `running` run at once; a connection waits in
// line (first come, first served) until one of them finishes or steps aside
// to wait for something other than a core (WaitAside): a session, a hash,
// a client's bytes. So the threads beyond `running` serve the requests that
// wait, and never queue for what the running ones hold.
class RequestWorkers : private WaitAside::Slots {
public:
    using Connection = ConnectionListener::Connection;
    using Serve = std::function<void(Connection)>;

    RequestWorkers(int threads, int running, Serve serve);
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
    void leave() override;
    void rejoin() override;

    int threadCount_;
    int runningLimit_;
    int running_ = 0;  // taken connections whose thread has not stepped aside
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
