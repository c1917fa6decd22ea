#include "metrics/MetricsRegistry.h"

#include <stdexcept>

namespace crm {

void MetricsRegistry::add(const std::string& name, Section section) {
    std::lock_guard lock(mutex_);
    for (const auto& [taken, _] : sections_)
        if (taken == name) throw std::logic_error("metrics section '" + name + "' is already registered");
    sections_.emplace_back(name, std::move(section));
}

std::string MetricsRegistry::render() const {
    PrometheusText out;
    // Held while writing: sections are added at start-up only, so a scrape
    // waits on another scrape at most.
    std::lock_guard lock(mutex_);
    for (const auto& [_, section] : sections_) section(out);
    return out.take();
}

}  // namespace crm
