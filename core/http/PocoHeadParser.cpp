#include "http/PocoHeadParser.h"

#include <Poco/Ascii.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace crm {
namespace {

constexpr int kEof = -1;
constexpr std::size_t kMaxMethod = 32, kMaxUri = 16384, kMaxVersion = 8;
constexpr std::size_t kMaxName = 256, kMaxValue = 8192;
constexpr int kMaxFields = 100;
// POCO's header stream read the head a line at a time into a 4 KiB buffer
// less its 4 bytes of putback: a longer line came in pieces of this size.
constexpr int kPiece = 4092;

// POCO's HTTPHeaderStreamBuf and the istream over it, by their rules: the
// head comes in pieces (a line, or kPiece bytes of a longer one); a piece
// of exactly two bytes ending in LF ("\r\n", or "x\n") is the last one, and
// a 0xFF byte ends a piece without being part of it. `bump` is the
// streambuf's sbumpc (which reads on after an empty piece), `get` the
// istream's (which stays at EOF once it saw it).
class HeadStream {
public:
    explicit HeadStream(ConnectionInput& in) : in_(in) {}

    int bump() {
        if (pos_ == len_ && !fill()) return kEof;
        return static_cast<unsigned char>(piece_[pos_++]);
    }
    int get() {
        if (failed_) return kEof;
        int c;
        try {
            c = bump();
        } catch (const Poco::Exception&) {
            return failReceive();
        }
        if (c == kEof) failed_ = true;
        return c;
    }
    // The istream swallowed a failed receive: badbit, and EOF.
    int failReceive() {
        failed_ = bad_ = true;
        return kEof;
    }
    bool bad() const { return bad_; }
    // istream::putback: gives back the byte just read, else fails the stream.
    void putback(int c) {
        if (!failed_ && pos_ > 0 && piece_[pos_ - 1] == static_cast<char>(c)) --pos_;
        else failed_ = true;
    }

    // while (c is no EOF, no stop byte, and out is under max) { out += c; c = bump(); }
    // with the bytes of the current piece taken a span at a time.
    template <typename Stop>
    void appendWhile(int& c, std::string& out, std::size_t max, Stop stop) {
        while (c != kEof && !stop(c) && out.size() < max) {
            out += static_cast<char>(c);
            const char* from = piece_ + pos_;
            std::size_t n = 0, room = std::min<std::size_t>(len_ - pos_, max - out.size());
            while (n < room && !stop(static_cast<unsigned char>(from[n]))) ++n;
            out.append(from, n);
            pos_ += static_cast<int>(n);
            c = bump();
        }
    }
    // The same with two stop bytes, found with memchr.
    void appendUntil(int& c, std::string& out, std::size_t max, char stop1, char stop2) {
        while (c != kEof && c != static_cast<unsigned char>(stop1) && c != static_cast<unsigned char>(stop2) &&
               out.size() < max) {
            out += static_cast<char>(c);
            const char* from = piece_ + pos_;
            std::size_t room = std::min<std::size_t>(len_ - pos_, max - out.size());
            std::size_t n = room;
            if (const void* at = std::memchr(from, stop1, n)) n = static_cast<const char*>(at) - from;
            if (const void* at = std::memchr(from, stop2, n)) n = static_cast<const char*>(at) - from;
            out.append(from, n);
            pos_ += static_cast<int>(n);
            c = bump();
        }
    }

private:
    // The next piece, read in place from the connection's buffer when it
    // holds the piece's end, else a byte at a time (receiving as needed).
    bool fill() {
        pos_ = len_ = 0;
        if (last_) return false;
        if (!in_.fillIfEmpty()) return false;  // the client closed: an empty piece
        const char* bytes = in_.bufferedBytes();
        std::size_t scan = std::min<std::size_t>(in_.buffered(), kPiece);
        const char* lf = static_cast<const char*>(std::memchr(bytes, '\n', scan));
        std::size_t end = lf ? static_cast<std::size_t>(lf - bytes) + 1 : scan == kPiece ? scan : 0;
        if (end == 0) return fillSlowly();  // the piece's end has not been received yet
        if (const void* ff = std::memchr(bytes, '\xff', end)) {  // ends the piece, not part of it
            len_ = static_cast<int>(static_cast<const char*>(ff) - bytes);
            piece_ = bytes;
            in_.consume(static_cast<std::size_t>(len_) + 1);
            return len_ > 0;
        }
        piece_ = bytes;
        len_ = static_cast<int>(end);
        in_.consume(end);
        if (len_ == 2 && lf) last_ = true;
        return true;
    }

    bool fillSlowly() {
        int c = in_.get();
        while (c != kEof && c != '\n' && len_ < kPiece - 1) {
            copy_[len_++] = static_cast<char>(c);
            c = in_.get();
        }
        if (c != kEof) {
            copy_[len_++] = static_cast<char>(c);
            if (len_ == 2) last_ = true;
        }
        piece_ = copy_;
        return len_ > 0;
    }

    ConnectionInput& in_;
    const char* piece_ = nullptr;  // in the connection's buffer, or copy_
    char copy_[kPiece];
    int pos_ = 0, len_ = 0;
    bool last_ = false;
    bool failed_ = false;  // the istream's failbit: get() gives EOF from now on
    bool bad_ = false;
};

bool isSpace(int c) { return c != kEof && Poco::Ascii::isSpace(c); }

// One word of the request line: at most `max` bytes up to white space.
// POCO read these through the istream, whose EOF stays EOF; here an EOF
// is always the error below, so reading through the streambuf is the same,
// but for a failed receive, which the istream swallowed into an EOF.
void word(HeadStream& s, int& c, std::string& out, std::size_t max, const char* error) {
    try {
        s.appendWhile(c, out, max, isSpace);
    } catch (const Poco::Exception&) {
        c = s.failReceive();
    }
    if (!isSpace(c)) throw Poco::Net::MessageException(error);
}

// MessageHeader::read: reads through the streambuf, not the istream.
void readFields(HeadStream& s, Poco::Net::HTTPRequest& request) {
    std::string name, value;
    int fields = 0;
    int c = s.bump();
    while (c != kEof && c != '\r' && c != '\n') {
        if (fields == kMaxFields) throw Poco::Net::MessageException("Too many header fields");
        name.clear();
        value.clear();
        s.appendUntil(c, name, kMaxName, ':', '\n');
        if (c == '\n') {  // a line without a colon: skipped
            c = s.bump();
            continue;
        }
        if (c != ':') throw Poco::Net::MessageException("Field name too long/no colon found");
        c = s.bump();
        while (isSpace(c) && c != '\r' && c != '\n') c = s.bump();
        auto line = [&](const char* error) {
            s.appendUntil(c, value, kMaxValue, '\r', '\n');
            if (c == '\r') c = s.bump();
            if (c == '\n') c = s.bump();
            else if (c != kEof) throw Poco::Net::MessageException(error);
        };
        line("Field value too long/no CRLF found");
        while (c == ' ' || c == '\t') line("Folded field value too long/no CRLF found");
        Poco::trimRightInPlace(value);
        if (value.find("=?") == std::string::npos) request.add(name, value);
        else request.add(name, Poco::Net::MessageHeader::decodeWord(value));
        ++fields;
    }
    s.putback(c);
}

}  // namespace

void readRequestHead(ConnectionInput& in, Poco::Net::HTTPRequest& request) {
    HeadStream s(in);
    std::string method, uri, version;
    int c = s.get();
    if (s.bad()) throw Poco::Net::NetException("Error reading HTTP request header");
    if (c == kEof) throw Poco::Net::NoMessageException();
    while (isSpace(c)) c = s.get();
    if (c == kEof) throw Poco::Net::MessageException("No HTTP request header");
    word(s, c, method, kMaxMethod, "HTTP request method invalid or too long");
    while (isSpace(c)) c = s.get();
    word(s, c, uri, kMaxUri, "HTTP request URI invalid or too long");
    while (isSpace(c)) c = s.get();
    word(s, c, version, kMaxVersion, "Invalid HTTP version string");
    while (c != '\n' && c != kEof) c = s.get();
    readFields(s, request);
    c = s.get();
    while (c != '\n' && c != kEof) c = s.get();
    request.setMethod(method);
    request.setURI(uri);
    request.setVersion(version);
}

}  // namespace crm
