#pragma once

#include "api/RequestContext.h"
#include "http/MetricsAccess.h"

namespace crm {

class MetricsRegistry;
class Router;

// GET /metrics, outside /api/v2 like /health: the registry's sections in
// the Prometheus text format (docs/metrics.md), for whoever MetricsAccess
// admits. Public to the pipeline (no user token): it checks its own access.
class MetricsRoute {
public:
    MetricsRoute(const MetricsRegistry& registry, MetricsAccess access) : registry_(registry), access_(std::move(access)) {}

    void registerIn(Router& router);

private:
    void serve(const Request& request, Response& response);

    const MetricsRegistry& registry_;
    MetricsAccess access_;
};

}  // namespace crm
