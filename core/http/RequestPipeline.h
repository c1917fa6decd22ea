#pragma once

#include "config/Settings.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace crm {

class Authenticator;
class CorsPolicy;
class FairGate;
class Permissions;
class RequestMetrics;
class Router;
class StaticFiles;
class TrustedProxies;

// Everything a request passes through (DESIGN.md section 3), in order:
// request id → CORS → route match (404/405) → limits → authenticate →
// authorise → validate → handler → error mapping → access log and metrics.
// A handler only ever sees a request that is authenticated, authorised and
// valid, unless its route is public.
struct PipelineDependencies {
    const Router& router;
    const Authenticator& authenticator;
    const Permissions& permissions;  // which role may use a route's permission
    const CorsPolicy& cors;
    const Settings& settings;
    FairGate& longReads;  // admits the routes whose schema says long_read
    const TrustedProxies& proxies;
    RequestMetrics& requests;  // every answered request is counted
    const StaticFiles& staticFiles;  // asked when no route has the path
};

class RequestPipelineFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit RequestPipelineFactory(PipelineDependencies dependencies) : deps_(dependencies) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    PipelineDependencies deps_;
};

}  // namespace crm
