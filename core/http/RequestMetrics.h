#pragma once

#include "api/Route.h"
#include "http/RouteTraffic.h"
#include "metrics/PrometheusText.h"

#include <chrono>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm {

// crm_http_requests_total{method,route,status} and
// crm_http_request_duration_seconds{method,route}. The route label is the
// route's template, never the path asked for, and every request no route
// matched (404, 405, a preflight) is "unmatched", with methods outside the
// usual seven as "other": the label sets are bounded by the route table.
//
// Built once the route table is complete (no route is added while
// serving); after that the table of series is only read, so recording is a
// hash look-up and RouteTraffic's atomic additions.
class RequestMetrics {
public:
    static constexpr const char* kUnmatchedRoute = "unmatched";

    explicit RequestMetrics(const std::deque<Route>& routes);

    // `route` is the matched route, or null. Throws std::logic_error for a
    // route registered after this was built (a bug).
    void record(const Route* route, const std::string& method, int status, std::chrono::steady_clock::duration elapsed);

    // Series that have seen no request are left out.
    void write(PrometheusText& out) const;

private:
    struct Series {
        Series(std::string m, std::string r) : method(std::move(m)), route(std::move(r)) {}
        std::string method;
        std::string route;
        RouteTraffic traffic;
    };

    Series& unmatched(const std::string& method);

    std::deque<Series> series_;  // stable addresses; RouteTraffic cannot move
    std::unordered_map<const Route*, Series*> byRoute_;
    std::vector<Series*> unmatched_;  // one per kMethods entry, then "other"
};

}  // namespace crm
