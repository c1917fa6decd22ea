#include "http/HttpConnection.h"

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
// (a pipelined next request) made visible.
class ServerSession : public Poco::Net::HTTPServerSession {
public:
    using HTTPServerSession::HTTPServerSession;
    using HTTPServerSession::buffered;
};

// A fresh response: the one the parser failed under points at a request
// object that no longer exists (POCO attaches it before parsing).
void sendBadRequest(ServerSession& session) {
    static const std::string body = "{\"detail\": \"The request is not valid HTTP/1.1; check its request line and headers\"}";
    Poco::Net::HTTPServerResponseImpl response(session);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
    response.setKeepAlive(false);
    response.setContentType("application/json");
    response.sendBuffer(body.data(), body.size());
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
            Poco::Net::HTTPServerRequestImpl request(response, session, params_.get());
            response.setDate(Poco::Timestamp());
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
