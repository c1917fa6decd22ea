#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace crm {

// A Prometheus histogram of durations, observed from any thread without a
// lock: an observation is two relaxed atomic additions (its bucket and the
// sum), so one can sit on the path of every request. The bounds are
// seconds, ascending; the +Inf bucket is implied.
class Histogram {
public:
    // `upperBounds` must outlive the histogram (a static array).
    explicit Histogram(std::span<const double> upperBounds);

    void observe(std::chrono::steady_clock::duration elapsed);

    struct Snapshot {
        std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf (== count)
        double sumSeconds = 0;
        std::uint64_t count = 0;
    };
    // Counts read bucket by bucket while others observe: each bucket and the
    // count agree with each other (the count is their sum); the sum may be
    // an observation ahead or behind.
    Snapshot snapshot() const;

    std::span<const double> upperBounds() const { return bounds_; }

private:
    std::span<const double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // not cumulative; the last is +Inf
    std::atomic<std::uint64_t> sumNanoseconds_{0};
};

}  // namespace crm
