#include "http/OpenFilesLimit.h"

#include <Poco/Logger.h>

#include <sys/resource.h>

#include <string>

namespace crm {
namespace {
// Descriptors kept for everything but client connections: database
// sessions, plugin libraries, the SMTP relay, log and migration files.
constexpr rlim_t kReserved = 256;
}  // namespace

void raiseOpenFilesLimit(ConnectionLimits& limits) {
    auto& log = Poco::Logger::get("http");
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > kReserved + static_cast<rlim_t>(limits.maxConnections)) return;
    int fits = limit.rlim_cur > kReserved * 2 ? static_cast<int>(limit.rlim_cur - kReserved) : static_cast<int>(limit.rlim_cur / 2);
    log.warning("open-files limit is " + std::to_string(limit.rlim_cur) + ": serving at most " + std::to_string(fits) +
                " connections instead of HTTP_MAX_CONNECTIONS=" + std::to_string(limits.maxConnections) +
                "; raise LimitNOFILE (systemd) or ulimit -n");
    limits.maxConnections = fits;
}

}  // namespace crm
