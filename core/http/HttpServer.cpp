#include "http/HttpServer.h"

namespace crm {
namespace {

Poco::Net::HTTPServerParams::Ptr paramsFor(const ConnectionLimits& limits) {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(true);
    // How long one read of a body, or one write of an answer, may block a
    // worker; the head has fully arrived before a worker ever reads it.
    params->setTimeout(Poco::Timespan(limits.bodyTimeoutSeconds, 0));
    params->setKeepAliveTimeout(Poco::Timespan(limits.keepAliveSeconds, 0));
    return params;
}

}  // namespace

HttpServer::HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const Poco::Net::ServerSocket& socket,
                       const ConnectionLimits& limits, int workerThreads, int runningRequests)
    : factory_(std::move(factory)),
      params_(paramsFor(limits)),
      listener_(socket, limits, [this](ConnectionListener::Connection c) { workers_.enqueue(std::move(c)); }),
      connection_(*factory_, params_, listener_, stopping_),
      workers_(workerThreads, runningRequests, [this](ConnectionListener::Connection c) { connection_.serve(std::move(c)); }) {}

HttpServer::~HttpServer() { stop(std::chrono::milliseconds(0)); }

void HttpServer::start() {
    workers_.start();
    listener_.start();
}

void HttpServer::stop(std::chrono::milliseconds grace) {
    stopping_ = true;
    listener_.stop();
    workers_.stop(grace);
}

}  // namespace crm
