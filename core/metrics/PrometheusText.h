#pragma once

#include "metrics/Histogram.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace crm {

// Writes the Prometheus text exposition format (version 0.0.4): each
// family's HELP and TYPE lines, then its samples. Label values are escaped
// here, so callers pass them as they are (a route template, a plugin id).
class PrometheusText {
public:
    using Labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

    static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

    // `type`: counter, gauge or histogram. Its samples follow.
    void family(std::string_view name, std::string_view type, std::string_view help);

    // Counts too: a double holds every integer up to 2^53 exactly.
    void sample(std::string_view name, Labels labels, double value);

    // name_bucket{..., le} for each bound and +Inf, name_sum, name_count.
    void histogram(std::string_view name, Labels labels, const Histogram& histogram);

    std::string take() { return std::move(text_); }

private:
    void labelled(std::string_view name, std::string_view suffix, Labels labels, std::string_view le);

    std::string text_;
};

}  // namespace crm
