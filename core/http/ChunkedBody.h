#pragma once

#include <functional>
#include <streambuf>

namespace crm {

// A chunked request body (RFC 9112 section 7.1), decoded strictly. POCO's
// decoder ends the body without a word at a chunk size it cannot read
// ("zz", "-5", more than 8 hex digits) and leaves the rest of the bytes to
// be parsed as the next request: the handler then ran on an empty or cut
// body. Here such a size, a chunk without its CRLF, or input that ends
// before the last chunk fail the read (the stream's badbit), and the
// pipeline answers 400.
class ChunkedBody : public std::streambuf {
public:
    using GetByte = std::function<int()>;                       // the next byte, or EOF
    using Read = std::function<int(char*, std::streamsize)>;    // up to n bytes; 0 at EOF

    ChunkedBody(GetByte get, Read read) : get_(std::move(get)), read_(std::move(read)) {}

protected:
    int_type underflow() override;

private:
    int next();
    void expectLineEnd();
    std::streamsize chunkSize();
    void skipTrailers();

    GetByte get_;
    Read read_;
    std::streamsize left_ = 0;  // bytes of the current chunk not yet read
    bool inChunk_ = false;      // a chunk was read: its CRLF comes next
    bool done_ = false;         // the last chunk and the trailers are read
    char buffer_[8192];
};

}  // namespace crm
