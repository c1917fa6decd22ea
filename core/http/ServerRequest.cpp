#include "http/ServerRequest.h"

#include "http/PocoHeadParser.h"
#include "http/ServerResponse.h"

#include <Poco/Net/NetException.h>

#include <algorithm>

namespace crm {

ServerRequest::ServerRequest(ServerResponse& response, ConnectionInput& in, const Poco::Net::HTTPServerParams& params,
                             const Poco::Net::SocketAddress& client, const Poco::Net::StreamSocket& socket)
    : response_(response), in_(in), params_(params), client_(client), socket_(socket) {
    response.attachRequest(this);
    readRequestHead(in, *this);
    // POCO read Content-Length as a number while it built the request,
    // before the pipeline can check the framing: one it cannot read ("1e3",
    // forty digits) is a malformed head like any other, answered 400.
    if (!getChunkedTransferEncoding() && hasContentLength()) {
        try {
            getContentLength64();
        } catch (const Poco::SyntaxException& e) {
            throw Poco::Net::MessageException("Content-Length is not a number", e);
        }
    }
}

ServerRequest::~ServerRequest() = default;

std::istream& ServerRequest::stream() {
    if (!stream_) {
        if (getChunkedTransferEncoding()) {
            body_ = std::make_unique<ChunkedBody>([this] { return in_.get(); },
                                                  [this](char* buffer, std::streamsize length) {
                                                      return static_cast<int>(in_.read(buffer, length));
                                                  });
        } else if (hasContentLength()) {
            body_ = std::make_unique<FixedBody>(in_, getContentLength64());
        } else {
            const std::string& method = getMethod();
            bool none = method == HTTP_GET || method == HTTP_HEAD || method == HTTP_DELETE;
            body_ = std::make_unique<FixedBody>(in_, none ? 0 : -1);
        }
        stream_ = std::make_unique<std::istream>(body_.get());
    }
    return *stream_;
}

const Poco::Net::SocketAddress& ServerRequest::serverAddress() const {
    if (!serverKnown_) {
        server_ = socket_.address();
        serverKnown_ = true;
    }
    return server_;
}

Poco::Net::HTTPServerResponse& ServerRequest::response() const { return response_; }

ServerRequest::FixedBody::int_type ServerRequest::FixedBody::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (left_ == 0) return traits_type::eof();
    std::streamsize want = left_ < 0 ? static_cast<std::streamsize>(sizeof buffer_)
                                     : static_cast<std::streamsize>(std::min<Poco::Int64>(left_, sizeof buffer_));
    std::streamsize got = in_.read(buffer_, want);
    if (got <= 0) return traits_type::eof();
    if (left_ > 0) left_ -= got;
    setg(buffer_, buffer_, buffer_ + got);
    return traits_type::to_int_type(*gptr());
}

}  // namespace crm
