#include "http/AccessLog.h"

#include "json/JsonString.h"

#include <Poco/Logger.h>

#include <cstdio>

namespace crm {

void writeAccessLog(const AccessLogEntry& e) {
    static Poco::Logger& logger = Poco::Logger::get("access");
    if (!logger.information()) return;
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.2f", e.durationMs);
    std::string line = "\"request_id\": " + jsonString(e.requestId) + ", \"method\": " + jsonString(e.method) +
                       ", \"route\": " + jsonString(e.route) + ", \"path\": " + jsonString(e.path) +
                       ", \"status\": " + std::to_string(e.status) + ", \"duration_ms\": " + duration +
                       ", \"user_id\": " + (e.userId ? std::to_string(e.userId) : std::string("null")) +
                       ", \"plugin\": " + jsonString(e.plugin) + ", \"db_statements\": " + std::to_string(e.statements) +
                       ", \"client\": " + jsonString(e.clientAddress);
    logger.information(line);
}

}  // namespace crm
