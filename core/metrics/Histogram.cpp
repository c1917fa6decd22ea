#include "metrics/Histogram.h"

#include <algorithm>

namespace crm {

Histogram::Histogram(std::span<const double> upperBounds)
    : bounds_(upperBounds), buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(upperBounds.size() + 1)) {}

void Histogram::observe(std::chrono::steady_clock::duration elapsed) {
    auto nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count();
    if (nanoseconds < 0) nanoseconds = 0;
    double seconds = static_cast<double>(nanoseconds) / 1e9;
    // Prometheus buckets are "less than or equal": the first bound >= the value.
    auto bucket = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), seconds) - bounds_.begin());
    buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
    sumNanoseconds_.fetch_add(static_cast<std::uint64_t>(nanoseconds), std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
    Snapshot s;
    s.cumulative.reserve(bounds_.size() + 1);
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        s.count += buckets_[i].load(std::memory_order_relaxed);
        s.cumulative.push_back(s.count);
    }
    s.sumSeconds = static_cast<double>(sumNanoseconds_.load(std::memory_order_relaxed)) / 1e9;
    return s;
}

}  // namespace crm
