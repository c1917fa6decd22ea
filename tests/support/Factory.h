#pragma once

// Creates the rows a test needs through the API (as the admin) and returns
// their ids, failing the test when the server refuses.

#include "support/TestClient.h"

#include <chrono>
#include <string>

namespace crmtest {

class Factory {
public:
    explicit Factory(const TestClient& client) : client_(client) {}

    std::string customer(const std::string& extraJson = "") const;
    std::string technician(const std::string& extraJson = "") const;
    // extraJson is merged into {"customer_id": ...}; give it ", ..." fields.
    std::string workOrder(const std::string& customerId, const std::string& extraJson = "") const;

    // A day no demo row uses and no other call returns (year 2090 onwards,
    // 100 free days after it), and days relative to it as YYYY-MM-DD.
    static std::chrono::sys_days quietDay();
    static std::string date(std::chrono::sys_days day, int offsetDays = 0);

private:
    std::string created(const std::string& path, const std::string& json) const;
    const TestClient& client_;
};

}  // namespace crmtest
