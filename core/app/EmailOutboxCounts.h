#pragma once

#include "metrics/PrometheusText.h"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace crm {

class Database;

// crm_email_deliveries{status}: the email plugin's outbox rows by status,
// from one GROUP BY run at most once every few seconds whatever the scrape
// rate (scrapes in between get its answer), so a fast scraper costs the
// database nothing more. When the database cannot answer, the family has
// no samples (absent rather than stale) and the failure is logged, once
// per attempt.
class EmailOutboxCounts {
public:
    explicit EmailOutboxCounts(Database& database) : database_(database) {}

    void write(PrometheusText& out);

private:
    static constexpr std::chrono::seconds kFresh{5};

    std::optional<std::map<std::string, double>> counts();

    Database& database_;
    std::mutex mutex_;
    std::optional<std::chrono::steady_clock::time_point> readAt_;  // the last attempt
    std::optional<std::map<std::string, double>> last_;           // its answer
};

}  // namespace crm
