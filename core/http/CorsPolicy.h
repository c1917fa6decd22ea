#pragma once

#include <string>
#include <utility>
#include <vector>

namespace crm {

// CORS per the contract: an allowed origin is echoed with credentials
// allowed; others get no CORS headers (the browser then refuses).
class CorsPolicy {
public:
    explicit CorsPolicy(std::vector<std::string> allowedOrigins) : allowed_(std::move(allowedOrigins)) {}

    using Headers = std::vector<std::pair<std::string, std::string>>;

    // Headers for any response to a request with this Origin (errors too).
    Headers responseHeaders(const std::string& origin) const;
    // Extra headers answering a preflight for a path with these methods.
    Headers preflightHeaders(const std::string& origin, const std::vector<std::string>& methods) const;

    bool allows(const std::string& origin) const;

private:
    std::vector<std::string> allowed_;
};

}  // namespace crm
