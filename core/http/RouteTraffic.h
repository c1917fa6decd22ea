#pragma once

#include "metrics/Histogram.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace crm {

// What the requests of one route (or the unmatched requests of one method)
// got: a count per status and a histogram of their durations, updated by
// every worker without a lock (relaxed atomic additions). A slot for each
// status the server can send (100..599, which the plugin API enforces)
// keeps the update one indexed addition, with no table to search or grow.
class RouteTraffic {
public:
    static constexpr int kLowestStatus = 100;
    static constexpr int kHighestStatus = 599;

    RouteTraffic();
    RouteTraffic(const RouteTraffic&) = delete;
    RouteTraffic& operator=(const RouteTraffic&) = delete;

    // Throws std::logic_error for a status outside 100..599 (a bug).
    void record(int status, std::chrono::steady_clock::duration elapsed);

    std::uint64_t requests(int status) const {
        return statuses_[static_cast<std::size_t>(status - kLowestStatus)].load(std::memory_order_relaxed);
    }
    const Histogram& durations() const { return durations_; }

private:
    std::array<std::atomic<std::uint64_t>, kHighestStatus - kLowestStatus + 1> statuses_{};
    Histogram durations_;
};

}  // namespace crm
