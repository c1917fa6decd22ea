#pragma once

#include <string>

namespace crm {

// One JSON line per request on the "access" logger: time, request id,
// method, route template, path, status, duration, user, plugin, SQL
// statements run, client address.
struct AccessLogEntry {
    std::string requestId;
    std::string method;
    std::string route;  // template, or "-" when none matched
    std::string path;
    int status = 0;
    double durationMs = 0;
    long long userId = 0;  // 0 when anonymous
    std::string plugin;
    int statements = 0;
    std::string clientAddress;
};

void writeAccessLog(const AccessLogEntry& entry);

}  // namespace crm
