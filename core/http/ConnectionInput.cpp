#include "http/ConnectionInput.h"

#include "net/WaitAside.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace crm {
namespace {

// What one receive asks for. POCO's 4 KiB took a typical head in one read
// already; a larger one takes a small body with it.
constexpr std::size_t kReceiveBytes = 16 * 1024;

// The same exceptions POCO's socket threw, which the connection (and a
// body's stream) already tell apart; EAGAIN is the receive timeout.
[[noreturn]] void throwReceiveError(int error) {
    if (error == EAGAIN || error == EWOULDBLOCK) throw Poco::TimeoutException();
    if (error == ECONNRESET) throw Poco::Net::ConnectionResetException();
    throw Poco::Net::NetException(std::strerror(error), error);
}

}  // namespace

std::streamsize ConnectionInput::read(char* out, std::streamsize length) {
    if (length <= 0) return 0;
    if (next_ < end_) {
        std::size_t n = std::min(end_ - next_, static_cast<std::size_t>(length));
        std::memcpy(out, buffer_ + next_, n);
        next_ += n;
        return static_cast<std::streamsize>(n);
    }
    return receive(out, static_cast<std::size_t>(length));
}

void ConnectionInput::append(std::string_view bytes) {
    std::size_t kept = end_ - next_;
    std::size_t capacity = std::max(kReceiveBytes, kept + bytes.size());
    auto buffer = std::make_unique<char[]>(capacity);
    if (kept > 0) std::memcpy(buffer.get(), buffer_ + next_, kept);
    if (!bytes.empty()) std::memcpy(buffer.get() + kept, bytes.data(), bytes.size());
    owned_ = std::move(buffer);
    buffer_ = owned_.get();
    capacity_ = capacity;
    next_ = 0;
    end_ = kept + bytes.size();
}

void ConnectionInput::prefill(std::string_view bytes) {
    // A head larger than the thread's buffer (HTTP_MAX_HEADER_BYTES raised
    // past it) gets a buffer of its own.
    if (fd_ < 0 || bytes.size() > kReceiveBytes) {
        append(bytes);
        return;
    }
    useThreadBuffer();
    std::memcpy(buffer_, bytes.data(), bytes.size());
    next_ = 0;
    end_ = bytes.size();
}

void ConnectionInput::useThreadBuffer() {
    if (buffer_) return;
    thread_local std::unique_ptr<char[]> received(new char[kReceiveBytes]);
    buffer_ = received.get();
    capacity_ = kReceiveBytes;
}

bool ConnectionInput::refill() {
    if (fd_ < 0) return false;
    useThreadBuffer();
    next_ = end_ = 0;
    end_ = static_cast<std::size_t>(receive(buffer_, capacity_));
    return end_ > 0;
}

std::streamsize ConnectionInput::receive(char* out, std::size_t length) {
    if (fd_ < 0) return 0;
    // What has arrived is taken without waiting; a wait for the rest (up to
    // the socket's receive timeout) steps aside, so a client that sends
    // slowly holds a thread but keeps no other request from running.
    ssize_t got = ::recv(fd_, out, length, MSG_DONTWAIT);
    if (got >= 0) return got;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) throwReceiveError(errno);
    WaitAside aside;
    for (;;) {
        got = ::recv(fd_, out, length, 0);
        if (got >= 0) return got;
        if (errno != EINTR) throwReceiveError(errno);
    }
}

}  // namespace crm
