#include "support/Factory.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace crmtest {

std::string Factory::created(const std::string& path, const std::string& json) const {
    auto r = client_.call("POST", path, client_.adminToken(), json);
    if (r.status != 201) throw std::runtime_error("POST " + path + " answered " + std::to_string(r.status) + ": " + r.body);
    return std::to_string(r.object()->getValue<int>("id"));
}

std::string Factory::customer(const std::string& extraJson) const {
    return created("/api/v2/customers", R"({"name": ")" + TestClient::unique("Customer ") + "\"" + extraJson + "}");
}

std::string Factory::technician(const std::string& extraJson) const {
    return created("/api/v2/technicians", R"({"name": ")" + TestClient::unique("Tech ") + "\"" + extraJson + "}");
}

std::string Factory::workOrder(const std::string& customerId, const std::string& extraJson) const {
    return created("/api/v2/work-orders", R"({"customer_id": )" + customerId + extraJson + "}");
}

std::chrono::sys_days Factory::quietDay() {
    using namespace std::chrono;
    static std::atomic<int> calls{0};
    static const int base = static_cast<int>(system_clock::now().time_since_epoch().count() / 1000 % 20000);
    return sys_days(year(2090) / January / 1) + days(base + 100 * calls++);
}

std::string Factory::date(std::chrono::sys_days day, int offsetDays) {
    std::chrono::year_month_day ymd(day + std::chrono::days(offsetDays));
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return text;
}

}  // namespace crmtest
