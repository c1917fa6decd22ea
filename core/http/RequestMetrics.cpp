#include "http/RequestMetrics.h"

#include <stdexcept>
#include <utility>

namespace crm {
namespace {

// The methods an unmatched request is counted under by name; any other
// token a client sends is "other", so clients cannot mint label values.
const char* const kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

}  // namespace

RequestMetrics::RequestMetrics(const std::deque<Route>& routes) {
    for (const auto& route : routes) byRoute_.emplace(&route, &series_.emplace_back(route.method, route.path));
    for (const char* method : kMethods) unmatched_.push_back(&series_.emplace_back(method, kUnmatchedRoute));
    unmatched_.push_back(&series_.emplace_back("other", kUnmatchedRoute));
}

RequestMetrics::Series& RequestMetrics::unmatched(const std::string& method) {
    for (std::size_t i = 0; i < std::size(kMethods); ++i)
        if (method == kMethods[i]) return *unmatched_[i];
    return *unmatched_.back();
}

void RequestMetrics::record(const Route* route, const std::string& method, int status,
                            std::chrono::steady_clock::duration elapsed) {
    if (!route) {
        unmatched(method).traffic.record(status, elapsed);
        return;
    }
    auto it = byRoute_.find(route);
    if (it == byRoute_.end())
        throw std::logic_error("route " + route->method + " " + route->path + " was registered after the request metrics were built");
    it->second->traffic.record(status, elapsed);
}

void RequestMetrics::write(PrometheusText& out) const {
    out.family("crm_http_requests_total", "counter",
               "HTTP requests answered, by method, route template (\"unmatched\" when no route matched) and status.");
    for (const auto& s : series_) {
        for (int status = RouteTraffic::kLowestStatus; status <= RouteTraffic::kHighestStatus; ++status) {
            auto count = s.traffic.requests(status);
            if (count == 0) continue;
            std::string code = std::to_string(status);
            out.sample("crm_http_requests_total", {{"method", s.method}, {"route", s.route}, {"status", code}},
                       static_cast<double>(count));
        }
    }
    out.family("crm_http_request_duration_seconds", "histogram",
               "Time from a request's head read to its answer sent, by method and route template.");
    for (const auto& s : series_)
        if (s.traffic.durations().snapshot().count > 0)
            out.histogram("crm_http_request_duration_seconds", {{"method", s.method}, {"route", s.route}},
                          s.traffic.durations());
}

}  // namespace crm
