#include "http/ConnectionListener.h"

#include <Poco/Logger.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace crm {
namespace {

constexpr int kTickMs = 200;  // how often deadlines are checked
// One event per arming, level-triggered: each connection has at most one
// event in flight, so one that a worker is serving raises none, and a
// connection re-armed with bytes already queued reports them at once.
constexpr std::uint32_t kConnectionEvents = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
// Reads of a lingering connection's input per event, so a client that
// floods a connection being closed cannot hold the listener.
constexpr int kDiscardReads = 4;
constexpr auto kLinger = std::chrono::seconds(2);  // input discarded after a final answer

// Answers the listener gives itself, written without waiting just before
// it closes the connection: a client that is refused learns why instead of
// seeing a reset.
std::string answer(const char* statusLine, const char* extraHeaders, const std::string& detail) {
    std::string body = "{\"detail\": \"" + detail + "\"}";
    return std::string("HTTP/1.1 ") + statusLine + "\r\nContent-Type: application/json\r\n" + extraHeaders +
           "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string kTooManyFromClient = answer("503 Service Unavailable", "Retry-After: 5\r\n",
                                              "Too many connections from your address; close some and retry later");
const std::string kServerFull = answer("503 Service Unavailable", "Retry-After: 5\r\n",
                                       "The server is at its connection limit; retry later");
const std::string kHeadTimeout = answer("408 Request Timeout", "",
                                        "The request head did not arrive in time; send it in one go");
const std::string kHeadTooLarge = answer("431 Request Header Fields Too Large", "",
                                         "The request head is too large; send fewer or smaller headers");
const std::string kHeadUnreadable = answer("400 Bad Request", "",
                                           "The request head holds a 0xFF byte; send its headers as ASCII or UTF-8");

void sendWithoutWaiting(int fd, const std::string& text) {
    // Best effort: the socket is closed right after, whatever was written.
    [[maybe_unused]] auto sent = ::send(fd, text.data(), text.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

void check(int result, const char* what) {
    if (result < 0) throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

ConnectionListener::ConnectionListener(const Poco::Net::ServerSocket& socket, const ConnectionLimits& limits, Ready ready)
    : listening_(socket), limits_(limits), ready_(std::move(ready)) {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    check(epoll_, "epoll_create1");
    wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    check(wake_, "eventfd");
    listening_.setBlocking(false);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = listening_.impl()->sockfd();
    check(::epoll_ctl(epoll_, EPOLL_CTL_ADD, event.data.fd, &event), "epoll_ctl listen");
    event.data.fd = wake_;
    check(::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event), "epoll_ctl eventfd");
}

ConnectionListener::~ConnectionListener() {
    stop();
    ::close(wake_);
    ::close(epoll_);
}

void ConnectionListener::start() { thread_ = std::thread([this] { run(); }); }

void ConnectionListener::stop() {
    if (stopping_.exchange(true)) return;
    std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(wake_, &one, sizeof one);
    if (thread_.joinable()) thread_.join();
}

void ConnectionListener::giveBack(Connection connection) { handBack(std::move(connection), returned_); }

void ConnectionListener::closeAfterAnswer(Connection connection) {
    ::shutdown(connection.socket.impl()->sockfd(), SHUT_WR);
    handBack(std::move(connection), toClose_);
}

// The connection is on the list before it is armed, so the listener knows
// it by the time its first event arrives (an event that names a connection
// the listener does not know makes it adopt the list first). The lock covers
// only the list, not the arming: workers hand connections back on every
// request. Once listed, the connection is the listener's, which may close it
// before it is armed (to make room, or at stop): arming a closed descriptor
// then fails, and arming one reused meanwhile by another connection raises
// at most one event, which the listener takes like any other (it reads
// nothing, or that connection's own bytes). No wake-up: the listener adopts
// the list on the connection's first event or within a tick.
void ConnectionListener::handBack(Connection connection, std::vector<Connection>& list) {
    int fd = connection.socket.impl()->sockfd();
    bool listed = false;
    {
        std::lock_guard lock(mutex_);
        if (!closed_) {
            list.push_back(std::move(connection));
            handedBack_.store(true, std::memory_order_release);
            listed = true;
        }
    }
    if (listed) {
        arm(fd);  // a failure is the listener's to handle: it owns the connection now
        return;
    }
    // Stopped: nobody watches any more.
    connection.socket.close();
    closedByWorker(connection);
}

bool ConnectionListener::arm(int fd) const {
    epoll_event event{};
    event.events = kConnectionEvents;
    event.data.fd = fd;
    return ::epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &event) == 0;
}

void ConnectionListener::closedByWorker(const Connection& connection) {
    --open_;
    forgetClient(connection.client);
}

void ConnectionListener::run() {
    std::vector<epoll_event> events(256);
    auto& log = Poco::Logger::get("http");
    while (!stopping_) {
        int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), kTickMs);
        if (n < 0 && errno != EINTR) {
            log.error(std::string("epoll_wait failed: ") + std::strerror(errno));
            break;
        }
        if (handedBack_.load(std::memory_order_acquire)) adoptHandedBack();
        for (int i = 0; i < n && !stopping_; ++i) {
            int fd = events[i].data.fd;
            // One connection's failure (a socket call on a peer that reset)
            // must never end the thread every connection depends on.
            try {
                if (fd == listening_.impl()->sockfd()) {
                    acceptAll();
                } else if (fd == wake_) {
                    std::uint64_t count;
                    [[maybe_unused]] auto got = ::read(wake_, &count, sizeof count);
                } else {
                    event(fd, events[i].events);
                }
            } catch (const Poco::Exception& e) {
                log.warning("connection event failed: " + e.displayText());
                if (fd != listening_.impl()->sockfd() && fd != wake_) closeNow(fd);
            }
        }
        expire();
        pauseAccepting(false);
    }
    // Stopping: no new connections, and none of the watched ones is in the
    // middle of a request the server has accepted.
    listening_.close();
    while (!watched_.empty()) closeNow(watched_.begin()->first);
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (auto* list : {&returned_, &toClose_}) {
        for (auto& c : *list) {
            c.socket.close();
            --open_;
        }
        list->clear();
    }
}

void ConnectionListener::acceptAll() {
    for (;;) {
        Poco::Net::StreamSocket socket;
        try {
            socket = listening_.acceptConnection();
        } catch (const Poco::Exception& e) {
            if (e.code() == EAGAIN || e.code() == EWOULDBLOCK) return;  // nothing more to accept now
            // Out of descriptors (EMFILE, ENFILE) or a failure of the moment:
            // the pending connection stays readable, so make room, or stop
            // watching the listening socket until the next tick instead of
            // spinning on it.
            Poco::Logger::get("http").warning("accept failed: " + e.displayText());
            if (makeRoom()) continue;
            pauseAccepting(true);
            return;
        }
        admit(std::move(socket));
    }
}

void ConnectionListener::pauseAccepting(bool pause) {
    if (acceptPaused_ == pause) return;
    epoll_event event{};
    event.events = pause ? 0u : static_cast<std::uint32_t>(EPOLLIN);
    event.data.fd = listening_.impl()->sockfd();
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, event.data.fd, &event);
    acceptPaused_ = pause;
}

void ConnectionListener::admit(Poco::Net::StreamSocket socket) {
    std::string client;
    sockaddr_storage peer{};
    socklen_t peerLength = sizeof peer;
    try {
        if (::getpeername(socket.impl()->sockfd(), reinterpret_cast<sockaddr*>(&peer), &peerLength) < 0)
            throw Poco::Net::NetException("getpeername", errno);
        client = Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&peer), peerLength).host().toString();
        socket.setNoDelay(true);
        // The socket stays blocking: the listener only ever reads and writes
        // it with MSG_DONTWAIT, and a worker's reads of a body and writes of
        // an answer wait up to these, set once for the connection's life.
        socket.setReceiveTimeout(Poco::Timespan(limits_.bodyTimeoutSeconds, 0));
        socket.setSendTimeout(Poco::Timespan(limits_.bodyTimeoutSeconds, 0));
    } catch (const Poco::Exception& e) {
        // Reset by the client between accept and now: nothing to serve, and
        // nothing counted yet. The socket closes as it goes out of scope.
        Poco::Logger::get("http").debug("connection gone before it was admitted: " + e.displayText());
        return;
    }
    int fd = socket.impl()->sockfd();
    {
        std::lock_guard lock(mutex_);
        int& count = perClient_[client];
        if (count >= limits_.maxPerClient) {
            if (count == 0) perClient_.erase(client);
            sendWithoutWaiting(fd, kTooManyFromClient);
            socket.close();
            return;
        }
        ++count;
    }
    ++open_;
    if (open_ > limits_.maxConnections && !makeRoom()) {
        sendWithoutWaiting(fd, kServerFull);
        socket.close();
        --open_;
        forgetClient(client);
        return;
    }
    watch({std::move(socket), client, peer, peerLength, {}});
}

// Closes the connection that costs least to lose: an idle one, else the one
// that has waited longest for its head. Busy connections are never closed.
bool ConnectionListener::makeRoom() {
    for (auto* queue : {&lingerQueue_, &idleQueue_, &pendingQueue_}) {
        if (queue->empty()) continue;
        closeNow(queue->begin()->second);
        return true;
    }
    return false;
}

// A newly admitted connection, in the set until it closes. Bytes that
// arrived before it was added are reported like any others.
void ConnectionListener::watch(Connection connection) {
    int fd = connection.socket.impl()->sockfd();
    setQueue(track(std::move(connection)), false);
    epoll_event event{};
    event.events = kConnectionEvents;
    event.data.fd = fd;
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) < 0) closeNow(fd);
}

void ConnectionListener::event(int fd, std::uint32_t events) {
    // Not known: a worker handed it back after this batch's adoption, or
    // (nothing to read then) it closed earlier in this batch.
    if (!watched_.count(fd)) {
        adoptHandedBack();
        if (!watched_.count(fd)) return;
    }
    if (events & (EPOLLERR | EPOLLHUP)) {
        close(fd);
    } else {
        readable(fd);
    }
}

void ConnectionListener::unqueue(const Watched& w) {
    int fd = w.connection.socket.impl()->sockfd();
    for (auto* queue : {&idleQueue_, &pendingQueue_, &lingerQueue_}) queue->erase({w.order, fd});
}

void ConnectionListener::setQueue(Watched& w, bool idle) {
    int fd = w.connection.socket.impl()->sockfd();
    unqueue(w);
    w.idle = idle;
    w.order = nextOrder_++;
    w.since = Clock::now();
    (idle ? idleQueue_ : pendingQueue_).insert({w.order, fd});
}

void ConnectionListener::readable(int fd) {
    auto it = watched_.find(fd);
    if (it == watched_.end()) return;
    Watched& w = it->second;
    if (w.lingering) {
        discard(fd);
        return;
    }
    switch (w.head.receive(fd, w.connection.received)) {
        case RequestHead::State::incomplete:
            // The first byte after idling starts the head's deadline.
            if (w.idle && w.head.started()) setQueue(w, false);
            if (!arm(fd)) closeNow(fd);
            return;
        case RequestHead::State::closed:
            close(fd);
            return;
        case RequestHead::State::tooLarge:
            close(fd, &kHeadTooLarge);
            return;
        case RequestHead::State::unreadable:
            close(fd, &kHeadUnreadable);
            return;
        case RequestHead::State::complete:
            break;
    }
    // Not re-armed: the worker that serves it arms it when it gives it back.
    Connection connection = std::move(w.connection);
    unqueue(w);
    watched_.erase(it);
    ready_(std::move(connection));
}

void ConnectionListener::discard(int fd) {
    char bytes[16384];
    for (int i = 0; i < kDiscardReads; ++i) {
        ssize_t got = ::recv(fd, bytes, sizeof bytes, MSG_DONTWAIT);
        if (got > 0) continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) break;
        closeNow(fd);  // the client closed too (or reset): done
        return;
    }
    if (!arm(fd)) closeNow(fd);
}

void ConnectionListener::expire() {
    auto now = Clock::now();
    auto idleLimit = std::chrono::seconds(limits_.keepAliveSeconds);
    auto headLimit = std::chrono::seconds(limits_.headTimeoutSeconds);
    while (!idleQueue_.empty()) {
        int fd = idleQueue_.begin()->second;
        if (now - watched_.at(fd).since < idleLimit) break;
        close(fd);
    }
    while (!pendingQueue_.empty()) {
        int fd = pendingQueue_.begin()->second;
        const Watched& w = watched_.at(fd);
        if (now - w.since < headLimit) break;
        // Silence for one that never sent a byte; a half-sent head is told.
        close(fd, w.head.started() ? &kHeadTimeout : nullptr);
    }
    while (!lingerQueue_.empty()) {
        int fd = lingerQueue_.begin()->second;
        if (now - watched_.at(fd).since < kLinger) break;
        closeNow(fd);
    }
}

void ConnectionListener::close(int fd, const std::string* response) {
    if (!response) {
        closeNow(fd);
        return;
    }
    sendWithoutWaiting(fd, *response);
    ::shutdown(fd, SHUT_WR);
    linger(fd);
}

void ConnectionListener::linger(int fd) {
    auto it = watched_.find(fd);
    if (it == watched_.end()) return;
    setLingering(it->second);
    discard(fd);  // what already arrived, and perhaps the client's close
}

void ConnectionListener::setLingering(Watched& w) {
    unqueue(w);
    w.lingering = true;
    w.order = nextOrder_++;
    w.since = Clock::now();
    lingerQueue_.insert({w.order, w.connection.socket.impl()->sockfd()});
}

ConnectionListener::Watched& ConnectionListener::track(Connection connection) {
    int fd = connection.socket.impl()->sockfd();
    Watched w{std::move(connection), Clock::now(), false, false, RequestHead(limits_.maxHeadBytes), 0};
    return watched_.insert_or_assign(fd, std::move(w)).first->second;
}

void ConnectionListener::closeNow(int fd) {
    auto it = watched_.find(fd);
    if (it == watched_.end()) return;
    Watched& w = it->second;
    unqueue(w);
    std::string client = w.connection.client;
    w.connection.socket.close();  // also takes it out of the epoll set
    watched_.erase(it);
    --open_;
    forgetClient(client);
}

void ConnectionListener::adoptHandedBack() {
    {
        std::lock_guard lock(mutex_);
        adopting_.swap(returned_);
        adoptingToClose_.swap(toClose_);
        handedBack_.store(false, std::memory_order_relaxed);
    }
    for (auto& connection : adopting_) adopt(std::move(connection), false);
    for (auto& connection : adoptingToClose_) adopt(std::move(connection), true);
    adopting_.clear();
    adoptingToClose_.clear();
}

// A connection a worker handed back, armed already: idle until its next
// head starts, or (closing) lingering until the client closes too.
void ConnectionListener::adopt(Connection connection, bool closing) {
    Watched& adopted = track(std::move(connection));
    if (closing) {
        setLingering(adopted);
    } else {
        setQueue(adopted, true);
    }
}

void ConnectionListener::forgetClient(const std::string& client) {
    std::lock_guard lock(mutex_);
    auto it = perClient_.find(client);
    if (it == perClient_.end()) return;
    if (--it->second <= 0) perClient_.erase(it);
}

}  // namespace crm
