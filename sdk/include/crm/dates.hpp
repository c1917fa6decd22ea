// Date ranges from start_date / end_date query parameters, validated the
// contract's way (both ends count; end before start or too long is 422).
// Header-only; dates are YYYY-MM-DD in UTC and were already checked by the
// host when the route's schema declares them as "date".
#ifndef CRM_DATES_HPP
#define CRM_DATES_HPP

#include "crm/plugin.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace crm {

struct DateRange {
    std::string start;  // YYYY-MM-DD
    std::string end;
};

inline std::chrono::sys_days parseDate(std::string_view text) {
    int y = 0;
    unsigned m = 0, d = 0;
    std::sscanf(std::string(text).c_str(), "%d-%u-%u", &y, &m, &d);
    return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}

inline std::string formatDate(std::chrono::sys_days day) {
    std::chrono::year_month_day ymd(day);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return text;
}

inline std::chrono::sys_days todayUtc() {
    return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
}

// The range of the request's start_date and end_date; each defaults to
// today (UTC) plus its offset in days.
inline DateRange dateRange(const Request& request, int defaultStartOffset, int defaultEndOffset, int maxDays) {
    auto today = todayUtc();
    auto start = request.query("start_date") ? parseDate(*request.query("start_date")) : today + std::chrono::days(defaultStartOffset);
    auto end = request.query("end_date") ? parseDate(*request.query("end_date")) : today + std::chrono::days(defaultEndOffset);
    if (end < start)
        throw Invalid("query", "end_date", "end_date must be on or after start_date", "value_error");
    if ((end - start).count() + 1 > maxDays)
        throw Invalid("query", "end_date", "The range may span at most " + std::to_string(maxDays) + " days", "value_error");
    return {formatDate(start), formatDate(end)};
}

}  // namespace crm

#endif  // CRM_DATES_HPP
