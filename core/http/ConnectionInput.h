#pragma once

#include <cstddef>
#include <ios>
#include <memory>
#include <string_view>

namespace crm {

// The bytes a worker has received on one connection and not yet used: the
// request heads, bodies and pipelined requests are all read from here. It
// hands bytes out the way POCO's HTTPSession did (one buffer, refilled by
// one receive when empty, blocking up to the socket's receive timeout), so
// what a request consumes, and what is left for a pipelined next one, is
// the same as it was under POCO's parser.
class ConnectionInput {
public:
    // fd < 0: no socket; only what was given to append() is read (tests).
    // With a socket, it receives into its thread's buffer: one connection is
    // served at a time per thread, so no request allocates one.
    explicit ConnectionInput(int fd = -1) : fd_(fd) {}
    ConnectionInput(const ConnectionInput&) = delete;
    ConnectionInput& operator=(const ConnectionInput&) = delete;

    // The next byte as POCO's session returned it: a plain char, so bytes
    // 0x80 to 0xFE come out negative and 0xFF as EOF (-1); EOF too when the
    // client has closed. A timeout or reset throws Poco's exceptions.
    int get() {
        if (next_ == end_ && !refill()) return -1;
        return buffer_[next_++];
    }

    // Up to `length` bytes: what is buffered, else what one receive gets
    // (straight into `out`). 0 when the client has closed.
    std::streamsize read(char* out, std::streamsize length);

    std::size_t buffered() const { return end_ - next_; }
    // The buffered bytes themselves, to scan in place, and using them up.
    const char* bufferedBytes() const { return buffer_ + next_; }
    void consume(std::size_t n) { next_ += n; }
    // Receives when nothing is buffered; false when the client has closed.
    bool fillIfEmpty() { return next_ < end_ || refill(); }
    void append(std::string_view bytes);
    // Bytes received on the connection before this input took it over (the
    // listener receives each request head): they are read first. Only on an
    // input that holds nothing yet.
    void prefill(std::string_view bytes);

private:
    void useThreadBuffer();
    bool refill();
    std::streamsize receive(char* out, std::size_t length);

    int fd_;
    char* buffer_ = nullptr;  // the thread's receive buffer, or owned_
    std::unique_ptr<char[]> owned_;
    std::size_t capacity_ = 0;
    std::size_t next_ = 0, end_ = 0;
};

}  // namespace crm
