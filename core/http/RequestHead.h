#pragma once

#include <cstddef>
#include <string>

namespace crm {

// Whether a connection's next request head has fully arrived. The listener
// receives what arrives of it into the connection's `received` bytes, which
// the worker's parser then reads first, so a worker thread is only handed a
// connection whose head is complete, and a client that sends its head
// slowly, or never, holds no thread.
class RequestHead {
public:
    // unreadable: the head holds a 0xFF byte. POCO's parser reads that byte
    // as the end of input and ends the head early, so the headers after it
    // (Content-Length) would be lost and the body taken for the next
    // request. No head needs the byte: it is never part of UTF-8.
    enum class State { incomplete, complete, tooLarge, closed, unreadable };

    explicit RequestHead(std::size_t maxBytes) : maxBytes_(maxBytes) {}

    // Receives what has arrived on fd (without waiting) into `received`, up
    // to one byte past the limit in all, and looks for the blank line that
    // ends the head, scanning only what arrived since the last call.
    State receive(int fd, std::string& received);

    // The same judgement over `size` bytes from the start of the head (each
    // call sees what the last one saw, and maybe more).
    State scan(const char* bytes, std::size_t size);

    // Forget what was scanned: the next request starts from scratch.
    void reset() { scanned_ = leading_ = examined_ = 0; }
    bool started() const { return scanned_ > 0; }
    // Bytes looked at since the last reset: linear in what arrived, however
    // it arrived, or one client could hold the listener thread (the tests
    // check it, instead of timing it).
    std::size_t examined() const { return examined_; }

private:
    std::size_t maxBytes_;
    std::size_t scanned_ = 0;
    std::size_t leading_ = 0;  // bytes at the start known to be blank lines
    std::size_t examined_ = 0;
};

}  // namespace crm
