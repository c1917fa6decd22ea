#include "http/RequestHead.h"

#include <sys/socket.h>

#include <cerrno>
#include <vector>

namespace crm {

RequestHead::State RequestHead::check(int fd) {
    // One byte past the limit tells "too large" from "exactly at the limit".
    thread_local std::vector<char> buffer;
    buffer.resize(maxBytes_ + 1);
    ssize_t got = ::recv(fd, buffer.data(), buffer.size(), MSG_PEEK | MSG_DONTWAIT);
    if (got == 0) return State::closed;
    if (got < 0) return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? State::incomplete : State::closed;
    return scan(buffer.data(), static_cast<std::size_t>(got));
}

RequestHead::State RequestHead::scan(const char* buffer, std::size_t size) {
    // Blank lines before a request line are allowed (RFC 9112 section 2.2),
    // so the end is the first CRLF CRLF (or bare LF LF) after other bytes.
    std::size_t from = scanned_ >= 3 ? scanned_ - 3 : 0;
    for (std::size_t i = from; i < size; ++i) {
        if (buffer[i] == '\xff') return State::unreadable;
        if (buffer[i] != '\n') continue;
        bool lfLf = i >= 1 && buffer[i - 1] == '\n';
        bool crlfCrlf = i >= 3 && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r';
        if (!lfLf && !crlfCrlf) continue;
        bool leadingOnly = true;
        for (std::size_t j = 0; j < i && leadingOnly; ++j) leadingOnly = buffer[j] == '\r' || buffer[j] == '\n';
        if (!leadingOnly) return State::complete;
    }
    scanned_ = size;
    return size > maxBytes_ ? State::tooLarge : State::incomplete;
}

}  // namespace crm
