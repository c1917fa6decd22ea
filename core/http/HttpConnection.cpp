#include "http/HttpConnection.h"

#include "http/ConnectionInput.h"
#include "http/HttpDate.h"
#include "http/ServerRequest.h"
#include "http/ServerResponse.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/NetException.h>

#include <memory>

namespace crm {
namespace {

// What an idle connection keeps allocated for its next head's bytes.
constexpr std::size_t kKeptReceivedBytes = 1024;

// A fresh response: the one the parser failed under may already carry
// headers meant for the request it never became.
void sendBadRequest(int fd) {
    static const std::string body = "{\"detail\": \"The request is not valid HTTP/1.1; check its request line and headers\"}";
    ServerResponse response(fd);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
    response.setKeepAlive(false);
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send().write(body.data(), static_cast<std::streamsize>(body.size())).flush();
}

}  // namespace

void HttpConnection::serve(ConnectionListener::Connection connection) {
    Poco::Net::StreamSocket& socket = connection.socket;
    int fd = socket.impl()->sockfd();
    // How long one read of a body, or one write of an answer, may block was
    // set when the listener admitted the connection.
    ConnectionInput in(fd);
    in.prefill(connection.received);
    // Kept for the next head, unless a large one left it large.
    connection.received.clear();
    if (connection.received.capacity() > kKeptReceivedBytes) connection.received.shrink_to_fit();
    bool keepAlive = false;
    try {
        Poco::Net::SocketAddress client(reinterpret_cast<const sockaddr*>(&connection.peer), connection.peerLength);
        do {
            keepAlive = false;
            ServerResponse response(fd);
            try {
                ServerRequest request(response, in, *params_, client, socket);
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
                // A head that cannot be parsed; the pipeline never saw it.
                try {
                    if (!response.sent()) sendBadRequest(fd);
                } catch (const Poco::Exception&) {
                    // The client is gone; nothing more to tell it.
                }
            }
        } while (keepAlive && in.buffered() > 0);
    } catch (const Poco::Exception& e) {
        // A timeout or reset while reading a body or writing an answer:
        // the pipeline logged the request; the connection is done.
        keepAlive = false;
        Poco::Logger::get("http").debug("connection from " + connection.client + " ended: " + e.displayText());
    } catch (const std::exception& e) {
        // The pipeline answers every failure itself; anything that gets
        // here is a bug, and must not take the worker thread with it.
        keepAlive = false;
        Poco::Logger::get("http").error("connection from " + connection.client + " failed: " + e.what());
    }

    if (keepAlive) {
        listener_.giveBack(std::move(connection));
    } else {
        listener_.closeAfterAnswer(std::move(connection));
    }
}

}  // namespace crm
