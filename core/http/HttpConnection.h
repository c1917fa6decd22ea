#pragma once

#include "http/ConnectionListener.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>

#include <atomic>

namespace crm {

// Serves the requests on one connection whose head has arrived, through
// POCO's handler interfaces, the way POCO's HTTPServerConnection does, but
// with the server's own request reader and response writer (ServerRequest,
// ServerResponse: one pass over the head, one send for the answer), and it
// returns after each request instead of waiting on the socket for the next:
// an open connection then goes back to the listener, which holds it with no
// thread. Only requests the client pipelined (already received into the
// connection's input) are served in the same turn.
class HttpConnection {
public:
    HttpConnection(Poco::Net::HTTPRequestHandlerFactory& factory, Poco::Net::HTTPServerParams::Ptr params,
                   ConnectionListener& listener, const std::atomic<bool>& stopping)
        : factory_(factory), params_(std::move(params)), listener_(listener), stopping_(stopping) {}

    void serve(ConnectionListener::Connection connection);

private:
    Poco::Net::HTTPRequestHandlerFactory& factory_;
    Poco::Net::HTTPServerParams::Ptr params_;
    ConnectionListener& listener_;
    const std::atomic<bool>& stopping_;
};

}  // namespace crm
