#pragma once

#include "metrics/PrometheusText.h"

#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace crm {

// The sections of /metrics, each written by the part of the server that
// owns what it measures. The route exists from the start (so `crm-server
// routes` lists it); the sections are added once what they read exists,
// before the server serves (app/ServerMetrics.cpp). A second section of the
// same name is an error, never a silent override.
class MetricsRegistry {
public:
    using Section = std::function<void(PrometheusText&)>;

    // Throws std::logic_error when `name` is taken.
    void add(const std::string& name, Section section);

    // Every section, in the order they were added.
    std::string render() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::pair<std::string, Section>> sections_;
};

}  // namespace crm
