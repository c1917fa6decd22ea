#include "http/ConnectionListener.h"

#include <Poco/Logger.h>

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

// Written without waiting, then the connection is closed: a client that is
// refused learns why instead of seeing a reset.
constexpr const char* kTooManyFromClient =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 5\r\nConnection: close\r\n"
    "Content-Length: 81\r\n\r\n{\"detail\": \"Too many connections from your address; close some and retry later\"}";
constexpr const char* kServerFull =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 5\r\nConnection: close\r\n"
    "Content-Length: 66\r\n\r\n{\"detail\": \"The server is at its connection limit; retry later\"}";
constexpr const char* kHeadTimeout =
    "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\n"
    "Content-Length: 76\r\n\r\n{\"detail\": \"The request head did not arrive in time; send it in one go\"}";
constexpr const char* kHeadTooLarge =
    "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json\r\nConnection: close\r\n"
    "Content-Length: 70\r\n\r\n{\"detail\": \"The request head is too large; send fewer or smaller headers\"}";

void sendWithoutWaiting(int fd, const char* text) {
    // Best effort: the socket is closed right after, whatever was written.
    [[maybe_unused]] auto sent = ::send(fd, text, std::strlen(text), MSG_DONTWAIT | MSG_NOSIGNAL);
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

void ConnectionListener::giveBack(Connection connection) {
    {
        std::lock_guard lock(mutex_);
        if (!closed_) {
            returned_.push_back(std::move(connection));
            connection.socket = Poco::Net::StreamSocket();
        }
    }
    if (connection.socket.impl()->initialized()) {  // stopped: nobody watches any more
        connection.socket.close();
        closedByWorker(connection);
        return;
    }
    std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(wake_, &one, sizeof one);
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
        for (int i = 0; i < n && !stopping_; ++i) {
            int fd = events[i].data.fd;
            if (fd == listening_.impl()->sockfd()) {
                acceptAll();
            } else if (fd == wake_) {
                std::uint64_t count;
                [[maybe_unused]] auto got = ::read(wake_, &count, sizeof count);
                adoptReturned();
            } else if (events[i].events & (EPOLLERR | EPOLLHUP)) {
                close(fd);
            } else {
                readable(fd);
            }
        }
        expire();
    }
    // Stopping: no new connections, and none of the watched ones is in the
    // middle of a request the server has accepted.
    listening_.close();
    while (!watched_.empty()) close(watched_.begin()->first);
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (auto& c : returned_) {
        c.socket.close();
        --open_;
    }
    returned_.clear();
}

void ConnectionListener::acceptAll() {
    for (;;) {
        Poco::Net::StreamSocket socket;
        try {
            socket = listening_.acceptConnection();
        } catch (const Poco::Exception& e) {
            // EAGAIN: nothing more to accept now. EMFILE and the like: the
            // tick retries, and makeRoom keeps the count under the limit.
            if (e.code() != EAGAIN && e.code() != EWOULDBLOCK)
                Poco::Logger::get("http").warning("accept failed: " + e.displayText());
            return;
        }
        admit(std::move(socket));
    }
}

void ConnectionListener::admit(Poco::Net::StreamSocket socket) {
    std::string client = socket.peerAddress().host().toString();
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
    socket.setNoDelay(true);
    socket.setBlocking(false);
    watch({std::move(socket), client}, false);
}

// Closes the connection that costs least to lose: an idle one, else the one
// that has waited longest for its head. Busy connections are never closed.
bool ConnectionListener::makeRoom() {
    auto& queue = !idleQueue_.empty() ? idleQueue_ : pendingQueue_;
    if (queue.empty()) return false;
    close(queue.begin()->second);
    return true;
}

void ConnectionListener::watch(Connection connection, bool idle) {
    int fd = connection.socket.impl()->sockfd();
    Watched w{std::move(connection), Clock::now(), idle, RequestHead(limits_.maxHeadBytes), nextOrder_++};
    auto it = watched_.insert_or_assign(fd, std::move(w)).first;
    setQueue(it->second, idle);
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
    event.data.fd = fd;
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) < 0) {
        close(fd);
        return;
    }
    // Bytes that arrived before the connection was watched raise no edge.
    readable(fd);
}

void ConnectionListener::setQueue(Watched& w, bool idle) {
    int fd = w.connection.socket.impl()->sockfd();
    idleQueue_.erase({w.order, fd});
    pendingQueue_.erase({w.order, fd});
    w.idle = idle;
    w.order = nextOrder_++;
    w.since = Clock::now();
    (idle ? idleQueue_ : pendingQueue_).insert({w.order, fd});
}

void ConnectionListener::readable(int fd) {
    auto it = watched_.find(fd);
    if (it == watched_.end()) return;
    Watched& w = it->second;
    switch (w.head.check(fd)) {
        case RequestHead::State::incomplete:
            // The first byte after idling starts the head's deadline.
            if (w.idle && w.head.started()) setQueue(w, false);
            return;
        case RequestHead::State::closed:
            close(fd);
            return;
        case RequestHead::State::tooLarge:
            close(fd, kHeadTooLarge);
            return;
        case RequestHead::State::complete:
            break;
    }
    Connection connection = std::move(w.connection);
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    idleQueue_.erase({w.order, fd});
    pendingQueue_.erase({w.order, fd});
    watched_.erase(it);
    connection.socket.setBlocking(true);
    ready_(std::move(connection));
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
        close(fd, w.head.started() ? kHeadTimeout : nullptr);
    }
}

void ConnectionListener::close(int fd, const char* response) {
    auto it = watched_.find(fd);
    if (it == watched_.end()) return;
    Watched& w = it->second;
    if (response) sendWithoutWaiting(fd, response);
    idleQueue_.erase({w.order, fd});
    pendingQueue_.erase({w.order, fd});
    std::string client = w.connection.client;
    w.connection.socket.close();  // also takes it out of the epoll set
    watched_.erase(it);
    --open_;
    forgetClient(client);
}

void ConnectionListener::adoptReturned() {
    std::vector<Connection> connections;
    {
        std::lock_guard lock(mutex_);
        connections.swap(returned_);
    }
    for (auto& connection : connections) {
        connection.socket.setBlocking(false);
        watch(std::move(connection), true);
    }
}

void ConnectionListener::forgetClient(const std::string& client) {
    std::lock_guard lock(mutex_);
    auto it = perClient_.find(client);
    if (it == perClient_.end()) return;
    if (--it->second <= 0) perClient_.erase(it);
}

}  // namespace crm
