#pragma once

#include "config/ConnectionLimits.h"
#include "http/RequestHead.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace crm {

// The one thread that accepts connections and watches every connection that
// is not being served: new ones, idle keep-alive ones, and ones whose
// request head is still arriving. It receives what arrives of a head and
// hands the connection to `ready` only once the whole head is in, so an open
// connection costs a file descriptor, not a thread (docs/connections.md).
//
// Every connection stays in the listener's epoll set from admission to
// close, armed for one event at a time: the listener re-arms one it keeps
// watching, and a worker re-arms the one it gives back, so a keep-alive
// request costs the listener no wake-up of its own and no change to the set.
//
// It closes a connection whose head does not complete within the head
// timeout, an idle one after the keep-alive time, and, when the server is at
// its connection limit, the oldest idle one (then the oldest unfinished one)
// to make room for a new client. A client address past its own cap is
// refused with a 503.
class ConnectionListener {
public:
    // An accepted connection, the client address it is counted under, and
    // its peer's address: read once, when it is admitted, not per request,
    // and kept as the kernel gave it, which moves without allocating.
    struct Connection {
        Poco::Net::StreamSocket socket;
        std::string client;
        sockaddr_storage peer{};
        socklen_t peerLength = 0;
        // What the listener received of the connection's next request: its
        // head, and whatever came with it. The worker reads these bytes first.
        std::string received;
    };
    using Ready = std::function<void(Connection)>;

    ConnectionListener(const Poco::Net::ServerSocket& socket, const ConnectionLimits& limits, Ready ready);
    ~ConnectionListener();

    void start();
    // Refuses new connections and closes every watched one; busy ones are
    // left to their workers.
    void stop();

    // A worker finished a request and the connection stays open: watch it
    // for the next one (the calling thread re-arms it). After stop() the
    // connection is closed instead.
    void giveBack(Connection connection);
    // A worker is done with a connection that must close: its answer is
    // sent, but the client may still be sending (a body that was not read).
    // Closing now would reset the connection and could destroy the answer
    // in flight, so the listener ends the sending side, discards what still
    // arrives for a short while, and then closes (a "lingering close").
    void closeAfterAnswer(Connection connection);
    // A worker closed a connection it was serving.
    void closedByWorker(const Connection& connection);

    int openConnections() const { return open_.load(); }

private:
    using Clock = std::chrono::steady_clock;
    struct Watched {
        Connection connection;
        Clock::time_point since;
        bool idle = false;       // between requests, nothing of the next one arrived yet
        bool lingering = false;  // answered and half closed: discarding input until closed
        RequestHead head;
        std::uint64_t order = 0;
    };

    void run();
    void acceptAll();
    void pauseAccepting(bool pause);
    void admit(Poco::Net::StreamSocket socket);
    bool makeRoom();
    void watch(Connection connection);
    // Arms fd for its next event (EPOLLONESHOT): none comes until then.
    bool arm(int fd) const;
    void handBack(Connection connection, std::vector<Connection>& list);
    void event(int fd, std::uint32_t events);
    void readable(int fd);
    void discard(int fd);
    void expire();
    // Sends `response` (if any) and closes, lingering when it sent one.
    void close(int fd, const std::string* response = nullptr);
    void linger(int fd);
    void closeNow(int fd);
    void adoptHandedBack();
    void adopt(Connection connection, bool closing);
    // A connection the listener now watches, queued nowhere yet.
    Watched& track(Connection connection);
    void setQueue(Watched& w, bool idle);
    void setLingering(Watched& w);
    void unqueue(const Watched& w);
    void forgetClient(const std::string& client);

    Poco::Net::ServerSocket listening_;
    ConnectionLimits limits_;
    Ready ready_;
    int epoll_ = -1;
    int wake_ = -1;  // eventfd: stop()
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> open_{0};

    // Listener thread only.
    std::unordered_map<int, Watched> watched_;
    std::set<std::pair<std::uint64_t, int>> idleQueue_, pendingQueue_, lingerQueue_;  // oldest first
    std::uint64_t nextOrder_ = 0;
    bool acceptPaused_ = false;

    std::vector<Connection> adopting_, adoptingToClose_;  // emptied each time, kept for their capacity

    std::mutex mutex_;  // guards what workers touch
    // Handed back by workers, armed, and not yet adopted by the listener.
    std::vector<Connection> returned_;
    std::vector<Connection> toClose_;
    std::atomic<bool> handedBack_{false};
    bool closed_ = false;  // the listener thread has finished: close what comes back
    std::unordered_map<std::string, int> perClient_;
};

}  // namespace crm
