#include "http/ChunkedBody.h"

#include <Poco/Net/NetException.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace crm {
namespace {

constexpr int kEof = std::char_traits<char>::eof();
constexpr std::size_t kMaxSizeDigits = 15;   // under 2^60: no overflow, and far past any body limit
constexpr std::size_t kMaxLineBytes = 4096;  // a chunk extension or a trailer line

[[noreturn]] void malformed(const std::string& what) {
    // Thrown inside the stream's read: the stream sets badbit.
    throw Poco::Net::MessageException("chunked body: " + what);
}

}  // namespace

int ChunkedBody::next() {
    // POCO's session hands out bytes as plain char: 0x80 to 0xFE come out
    // negative (and 0xFF as EOF, which fails the read anyway).
    int c = get_();
    return c < 0 && c != kEof ? c & 0xFF : c;
}

void ChunkedBody::expectLineEnd() {
    if (next() != '\r' || next() != '\n') malformed("a line does not end with CRLF");
}

std::streamsize ChunkedBody::chunkSize() {
    std::streamsize size = 0;
    std::size_t digits = 0;
    int c = next();
    for (; c != kEof && std::isxdigit(c); c = next()) {
        if (++digits > kMaxSizeDigits) malformed("the chunk size is too long");
        size = size * 16 + (std::isdigit(c) ? c - '0' : std::tolower(c) - 'a' + 10);
    }
    if (digits == 0) malformed("a chunk size is not a hexadecimal number");
    if (c == ';') {  // a chunk extension (";name=value"): allowed, and ignored
        for (std::size_t n = 0; c != '\r' && c != kEof; c = next())
            if (++n > kMaxLineBytes) malformed("a chunk extension is too long");
    }
    if (c != '\r' || next() != '\n') malformed("a chunk size line does not end with CRLF");
    return size;
}

void ChunkedBody::skipTrailers() {
    for (;;) {
        int c = next();
        if (c == '\r') {
            if (next() != '\n') malformed("the trailers do not end with CRLF");
            return;
        }
        for (std::size_t n = 0; c != '\r'; c = next())
            if (c == kEof || ++n > kMaxLineBytes) malformed("a trailer line is cut short or too long");
        if (next() != '\n') malformed("a trailer line does not end with CRLF");
    }
}

ChunkedBody::int_type ChunkedBody::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (done_) return traits_type::eof();
    if (left_ == 0) {
        if (inChunk_) expectLineEnd();
        left_ = chunkSize();
        inChunk_ = left_ > 0;
        if (left_ == 0) {
            skipTrailers();
            done_ = true;
            return traits_type::eof();
        }
    }
    int got = read_(buffer_, std::min<std::streamsize>(left_, sizeof buffer_));
    if (got <= 0) malformed("the body ends inside a chunk");
    left_ -= got;
    setg(buffer_, buffer_, buffer_ + got);
    return traits_type::to_int_type(*gptr());
}

}  // namespace crm
