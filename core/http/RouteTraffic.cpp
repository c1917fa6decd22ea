#include "http/RouteTraffic.h"

#include <stdexcept>
#include <string>

namespace crm {
namespace {

// Seconds: a read by id takes a few milliseconds, a year-long report a few
// seconds; the statement timeout (5 s) and slow clients lie past that.
constexpr double kDurationBounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

}  // namespace

RouteTraffic::RouteTraffic() : durations_(kDurationBounds) {}

void RouteTraffic::record(int status, std::chrono::steady_clock::duration elapsed) {
    if (status < kLowestStatus || status > kHighestStatus)
        throw std::logic_error("HTTP status " + std::to_string(status) + " is outside 100..599");
    statuses_[static_cast<std::size_t>(status - kLowestStatus)].fetch_add(1, std::memory_order_relaxed);
    durations_.observe(elapsed);
}

}  // namespace crm
