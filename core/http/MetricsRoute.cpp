#include "http/MetricsRoute.h"

#include "api/CoreRoutes.h"
#include "metrics/MetricsRegistry.h"

namespace crm {
namespace {

// Public as far as tokens go: its own access rule answers 401 or 403.
const char* const kMetricsSchema = R"({
  "uses_database": false,
  "media_type": "text/plain",
  "responses": {
    "200": {"type": "string"},
    "401": {"$ref": "#/components/schemas/Error"},
    "403": {"$ref": "#/components/schemas/Error"}
  }})";

}  // namespace

void MetricsRoute::registerIn(Router& router) {
    CoreRoutes<MetricsRoute>(router, "", *this)
        .add("GET", "/metrics", "PUBLIC", kMetricsSchema, &MetricsRoute::serve,
             "Prometheus metrics (loopback, METRICS_ALLOW or METRICS_TOKEN)");
}

void MetricsRoute::serve(const Request& request, Response& response) {
    access_.admit(request);
    response.status = 200;
    response.body = registry_.render();
    response.headers.emplace_back("Content-Type", PrometheusText::kContentType);
    response.headers.emplace_back("Cache-Control", "no-store");
}

}  // namespace crm
