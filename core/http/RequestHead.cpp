#include "http/RequestHead.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace crm {

RequestHead::State RequestHead::receive(int fd, std::string& received) {
    // One byte past the limit tells "too large" from "exactly at the limit".
    std::size_t room = maxBytes_ + 1 > received.size() ? maxBytes_ + 1 - received.size() : 0;
    if (room == 0) return scan(received.data(), received.size());
    // The listener's own buffer, only ever grown: most arrivals are a few
    // hundred bytes, and only those are copied into the connection's.
    thread_local std::vector<char> buffer;
    if (buffer.size() < room) buffer.resize(room);
    ssize_t got = ::recv(fd, buffer.data(), room, MSG_DONTWAIT);
    if (got == 0) return State::closed;
    if (got < 0) return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? State::incomplete : State::closed;
    received.append(buffer.data(), static_cast<std::size_t>(got));
    return scan(received.data(), received.size());
}

RequestHead::State RequestHead::scan(const char* buffer, std::size_t size) {
    // Blank lines before a request line are allowed (RFC 9112 section 2.2),
    // so the end is the first CRLF CRLF (or bare LF LF) after other bytes.
    // Where those blank lines end is remembered between calls: looking back
    // from every blank line instead cost time quadratic in the head's size
    // (16 KiB of line feeds held the one listener thread for 0.1 s).
    std::size_t leadingBefore = leading_;
    while (leading_ < size && (buffer[leading_] == '\r' || buffer[leading_] == '\n')) ++leading_;
    examined_ += leading_ - leadingBefore;
    std::size_t from = scanned_ >= 3 ? scanned_ - 3 : 0;
    examined_ += size > from ? size - from : 0;
    // The line feeds before the first 0xFF byte, found with memchr: this
    // runs for every arrival of every head on the one listener thread.
    const char* ff = from < size ? static_cast<const char*>(std::memchr(buffer + from, '\xff', size - from)) : nullptr;
    std::size_t stop = ff ? static_cast<std::size_t>(ff - buffer) : size;
    for (std::size_t i = from; i < stop; ++i) {
        const void* lf = std::memchr(buffer + i, '\n', stop - i);
        if (!lf) break;
        i = static_cast<std::size_t>(static_cast<const char*>(lf) - buffer);
        bool lfLf = i >= 1 && buffer[i - 1] == '\n';
        bool crlfCrlf = i >= 3 && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r';
        if ((lfLf || crlfCrlf) && leading_ < i) return State::complete;
    }
    if (ff) return State::unreadable;
    scanned_ = size;
    return size > maxBytes_ ? State::tooLarge : State::incomplete;
}

}  // namespace crm
