#pragma once

#include "config/ConnectionLimits.h"
#include "http/ConnectionListener.h"
#include "http/HttpConnection.h"
#include "http/RequestWorkers.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <chrono>
#include <memory>

namespace crm {

// The HTTP server: POCO's handler factory and request and response
// interfaces, read and written by HttpConnection, driven by a listener
// that holds open connections without threads and a fixed set of worker
// threads that each serve one request at a time, `runningRequests` of them
// running at once (RequestWorkers; docs/connections.md says why, and why
// POCO's own HTTPServer is not used as is).
class HttpServer {
public:
    HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const Poco::Net::ServerSocket& socket,
               const ConnectionLimits& limits, int workerThreads, int runningRequests);
    ~HttpServer();

    void start();
    // Refuses new connections at once, closes idle ones, lets requests
    // already received finish within `grace`, then closes the rest.
    void stop(std::chrono::milliseconds grace);

    int openConnections() const { return listener_.openConnections(); }
    int busyWorkers() const { return workers_.busy(); }

private:
    Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
    Poco::Net::HTTPServerParams::Ptr params_;
    std::atomic<bool> stopping_{false};
    ConnectionListener listener_;
    HttpConnection connection_;
    RequestWorkers workers_;
};

}  // namespace crm
