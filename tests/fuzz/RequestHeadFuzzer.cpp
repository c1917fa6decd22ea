// The request-head detector: the bytes a client sends before POCO reads
// any, as the listener peeks at them. The first byte sets the head limit
// (64 to 4096 bytes), the second how many bytes arrive at a time; the rest
// is what the client sends. After each arrival the detector's verdict must
// be the one read off the whole of what has arrived: complete once a blank
// line follows something other than the blank lines allowed before a
// request line, too large once more than the limit arrived without one,
// unreadable once a 0xFF byte arrived before the end of the head (POCO would
// take it for the end of its input and lose the headers after it).

#include "FuzzInput.h"

#include "http/RequestHead.h"

#include <algorithm>
#include <string_view>

using namespace crm;

namespace {

// How many bytes must have arrived for the head to be complete (npos: no
// prefix of these bytes is): up to a blank line, "\n\n" or "\r\n\r\n",
// after the first byte that is not part of leading blank lines.
std::size_t completeAfter(std::string_view sent) {
    auto start = sent.find_first_not_of("\r\n");
    if (start == std::string_view::npos) return std::string_view::npos;
    auto lfLf = sent.find("\n\n", start), crlfCrlf = sent.find("\r\n\r\n", start);
    return std::min(lfLf == std::string_view::npos ? lfLf : lfLf + 2, crlfCrlf == std::string_view::npos ? crlfCrlf : crlfCrlf + 4);
}

RequestHead::State expected(std::size_t arrived, std::size_t completeAt, std::size_t unreadableAt, std::size_t limit) {
    // The head's last byte is the blank line's final '\n': a 0xFF before it
    // is met first.
    std::size_t headEnd = completeAt == std::string_view::npos ? completeAt : completeAt - 1;
    if (unreadableAt < std::min(arrived, headEnd)) return RequestHead::State::unreadable;
    if (completeAt <= arrived) return RequestHead::State::complete;
    return arrived > limit ? RequestHead::State::tooLarge : RequestHead::State::incomplete;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return fuzz::kRejected;
    const std::size_t limit = 64 * (1 + data[0] % 64);
    const std::size_t step = 1 + data[1];
    // The listener peeks at most one byte past the limit.
    std::string_view sent(reinterpret_cast<const char*>(data) + 2, std::min(size - 2, limit + 1));
    const std::size_t completeAt = completeAfter(sent);
    const std::size_t unreadableAt = sent.find('\xff');
    RequestHead head(limit);
    for (std::size_t arrived = std::min(step, sent.size());; arrived = std::min(arrived + step, sent.size())) {
        auto state = head.scan(sent.data(), arrived);
        if (state != expected(arrived, completeAt, unreadableAt, limit)) fuzz::broken("the verdict is the one the arrived bytes say");
        if (state != RequestHead::State::incomplete || arrived == sent.size()) break;
    }
    return 0;
}
