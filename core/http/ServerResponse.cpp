#include "http/ServerResponse.h"

#include "http/ServerRequest.h"
#include "net/WaitAside.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <optional>

#include <cerrno>
#include <cstring>

namespace crm {

namespace {

// Sends both parts, the second after the first, in as few sends as the
// socket allows (one, unless its buffer fills), each waiting up to the
// socket's send timeout; throws Poco's exceptions (TimeoutException, a
// reset) as its socket did. Once the buffer is full, the wait for the
// client to read steps aside (WaitAside): a slow reader keeps no other
// request from running.
void sendBoth(int fd, const char* first, std::size_t firstSize, const char* second, std::size_t secondSize) {
    std::optional<WaitAside> aside;
    while (firstSize + secondSize > 0) {
        iovec parts[2] = {{const_cast<char*>(first), firstSize}, {const_cast<char*>(second), secondSize}};
        msghdr message{};
        message.msg_iov = firstSize > 0 ? parts : parts + 1;
        message.msg_iovlen = firstSize > 0 ? 2 : 1;
        ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL | (aside ? 0 : MSG_DONTWAIT));
        if (sent < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (!aside) {
                    aside.emplace();
                    continue;
                }
                throw Poco::TimeoutException();
            }
            if (errno == ECONNRESET || errno == EPIPE) throw Poco::Net::ConnectionResetException();
            throw Poco::Net::NetException(std::strerror(errno), errno);
        }
        auto n = static_cast<std::size_t>(sent);
        std::size_t fromFirst = std::min(n, firstSize);
        first += fromFirst;
        firstSize -= fromFirst;
        second += n - fromFirst;
        secondSize -= n - fromFirst;
    }
}

void sendAll(int fd, const char* data, std::size_t size) { sendBoth(fd, data, size, nullptr, 0); }

}  // namespace

ServerResponse::~ServerResponse() = default;

void ServerResponse::appendHead(std::string& out) const {
    out += getVersion();
    out += ' ';
    out += std::to_string(static_cast<int>(getStatus()));
    out += ' ';
    out += getReason();
    out += "\r\n";
    for (const auto& [name, value] : *this) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "\r\n";
}

bool ServerResponse::headOnly() const { return request_ && request_->getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD; }

void ServerResponse::sendContinue() {
    std::string line = getVersion() + " 100 Continue\r\n\r\n";
    sendAll(fd_, line.data(), line.size());
}

void ServerResponse::sendBuffer(const void* buffer, std::size_t length) {
    setContentLength64(static_cast<Poco::Int64>(length));
    setChunkedTransferEncoding(false);
    thread_local std::string head;  // keeps its capacity: no allocation per answer
    head.clear();
    appendHead(head);
    sent_ = true;
    sendBoth(fd_, head.data(), head.size(), static_cast<const char*>(buffer), headOnly() ? 0 : length);
}

std::ostream& ServerResponse::send() {
    Poco::Int64 left;
    int status = getStatus();
    if (headOnly() || status < 200 || status == HTTP_NO_CONTENT || status == HTTP_NOT_MODIFIED) {
        left = 0;
    } else if (getChunkedTransferEncoding()) {
        throw Poco::NotImplementedException("chunked answers");  // no handler writes one
    } else if (hasContentLength()) {
        left = getContentLength64();
    } else {
        setKeepAlive(false);  // the body ends where the connection does
        left = -1;
    }
    std::string head;
    appendHead(head);
    sent_ = true;
    sendAll(fd_, head.data(), head.size());
    writer_ = std::make_unique<BodyWriter>(fd_, left);
    stream_ = std::make_unique<std::ostream>(writer_.get());
    return *stream_;
}

// Nothing in the server answers these ways; POCO's own implementations
// needed its session.
void ServerResponse::sendFile(const std::string&, const std::string&) {
    throw Poco::NotImplementedException("ServerResponse::sendFile");
}

void ServerResponse::redirect(const std::string&, HTTPStatus) {
    throw Poco::NotImplementedException("ServerResponse::redirect");
}

void ServerResponse::requireAuthentication(const std::string&) {
    throw Poco::NotImplementedException("ServerResponse::requireAuthentication");
}

ServerResponse::BodyWriter::int_type ServerResponse::BodyWriter::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    char byte = traits_type::to_char_type(c);
    xsputn(&byte, 1);
    return c;
}

std::streamsize ServerResponse::BodyWriter::xsputn(const char* data, std::streamsize size) {
    std::streamsize n = left_ < 0 ? size : std::min<std::streamsize>(size, static_cast<std::streamsize>(left_));
    if (n > 0) sendAll(fd_, data, static_cast<std::size_t>(n));
    if (left_ > 0) left_ -= n;
    return size;
}

}  // namespace crm
