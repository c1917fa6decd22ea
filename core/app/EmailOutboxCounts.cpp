#include "app/EmailOutboxCounts.h"

#include "db/Database.h"
#include "db/DbError.h"

#include <Poco/Logger.h>

namespace crm {

std::optional<std::map<std::string, double>> EmailOutboxCounts::counts() {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (readAt_ && now - *readAt_ < kFresh) return last_;
    readAt_ = now;
    try {
        auto session = database_.acquire();
        auto rows = session.query("SELECT status, count(*) FROM email_deliveries GROUP BY status");
        // Every status the table allows, so each series exists from the start.
        std::map<std::string, double> byStatus{{"pending", 0}, {"sent", 0}, {"failed", 0}, {"skipped", 0}};
        for (std::size_t row = 0; row < rows.rows(); ++row)
            byStatus[std::string(rows.text(row, 0))] = static_cast<double>(rows.integer(row, 1));
        last_ = std::move(byStatus);
    } catch (const DbUnavailable& e) {
        Poco::Logger::get("metrics").warning(std::string("crm_email_deliveries left out: ") + e.what());
        last_.reset();
    } catch (const DbError& e) {
        Poco::Logger::get("metrics").warning("crm_email_deliveries left out: SQL error " + e.sqlstate() + ": " + e.what());
        last_.reset();
    }
    return last_;
}

void EmailOutboxCounts::write(PrometheusText& out) {
    auto byStatus = counts();
    out.family("crm_email_deliveries", "gauge",
               "Email outbox rows (one per campaign recipient) by status, counted at most every 5 s.");
    if (!byStatus) return;
    for (const auto& [status, count] : *byStatus) out.sample("crm_email_deliveries", {{"status", status}}, count);
}

}  // namespace crm
