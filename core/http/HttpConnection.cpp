#include "http/HttpConnection.h"

#include "http/ChunkedBody.h"
#include "http/HttpDate.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>

#include <memory>

namespace crm {
namespace {

// POCO's session, with the count of bytes it read past the current request
// (a pipelined next request) made visible, and its byte reads for
// ChunkedBody.
class ServerSession : public Poco::Net::HTTPServerSession {
public:
    using HTTPServerSession::HTTPServerSession;
    using HTTPServerSession::buffered;
    using HTTPServerSession::get;
    using HTTPServerSession::read;
};

// POCO's request, whose chunked body is read through ChunkedBody instead
// of POCO's lenient decoder.
class ServerRequest : public Poco::Net::HTTPServerRequestImpl {
public:
    // POCO reads Content-Length as a number while it builds the request,
    // before the pipeline can check the framing: one it cannot read ("1e3",
    // forty digits) is a malformed head like any other, answered 400.
    ServerRequest(Poco::Net::HTTPServerResponseImpl& response, ServerSession& session, Poco::Net::HTTPServerParams* params) try
        : HTTPServerRequestImpl(response, session, params),
          chunks_([&session] { return session.get(); },
                  [&session](char* buffer, std::streamsize length) { return session.read(buffer, length); }),
          chunked_(&chunks_) {
    } catch (const Poco::SyntaxException& e) {
        throw Poco::Net::MessageException("Content-Length is not a number", e);
    }

    std::istream& stream() override { return getChunkedTransferEncoding() ? chunked_ : HTTPServerRequestImpl::stream(); }

private:
    ChunkedBody chunks_;
    std::istream chunked_;
};

// A fresh response: the one the parser failed under points at a request
// object that no longer exists (POCO attaches it before parsing). Written
// through send(): sendBuffer() leaves the body out when the response has
// no request, and the client would wait for bytes that never come.
void sendBadRequest(ServerSession& session) {
    static const std::string body = "{\"detail\": \"The request is not valid HTTP/1.1; check its request line and headers\"}";
    Poco::Net::HTTPServerResponseImpl response(session);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
    response.setKeepAlive(false);
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send().write(body.data(), static_cast<std::streamsize>(body.size())).flush();
}

}  // namespace

void HttpConnection::serve(ConnectionListener::Connection connection) {
    ServerSession session(connection.socket, params_);
    // POCO sets only the receive timeout: a client that stops reading a large
    // answer must not hold its worker for ever either.
    session.socket().setSendTimeout(params_->getTimeout());
    bool keepAlive = false;
    do {
        keepAlive = false;
        Poco::Net::HTTPServerResponseImpl response(session);
        try {
            ServerRequest request(response, session, params_.get());
            response.set("Date", httpDateNow());
            response.setVersion(request.getVersion());
            response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() && !stopping_);
            std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(factory_.createRequestHandler(request));
            if (request.getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK)
                response.sendContinue();
            handler->handleRequest(request, response);
            keepAlive = response.getKeepAlive() && !stopping_;
        } catch (const Poco::Net::NoMessageException&) {
            // The client closed the connection between requests.
        } catch (const Poco::Net::MessageException&) {
            // A head POCO cannot parse; the pipeline never saw it.
            try {
                if (!response.sent()) sendBadRequest(session);
            } catch (const Poco::Exception&) {
                // The client is gone; nothing more to tell it.
            }
        } catch (const Poco::Exception& e) {
            // A timeout or reset while reading a body or writing an answer:
            // the pipeline logged the request; the connection is done.
            Poco::Logger::get("http").debug("connection from " + connection.client + " ended: " + e.displayText());
        } catch (const std::exception& e) {
            // The pipeline answers every failure itself; anything that gets
            // here is a bug, and must not take the worker thread with it.
            Poco::Logger::get("http").error("connection from " + connection.client + " failed: " + e.what());
        }
    } while (keepAlive && session.buffered() > 0);

    if (keepAlive) {
        listener_.giveBack({session.detachSocket(), connection.client});
    } else {
        listener_.closeAfterAnswer({session.detachSocket(), connection.client});
    }
}

}  // namespace crm
