#include "http/CorsPolicy.h"

#include <algorithm>

namespace crm {

bool CorsPolicy::allows(const std::string& origin) const {
    return !origin.empty() && (std::find(allowed_.begin(), allowed_.end(), origin) != allowed_.end() ||
                               std::find(allowed_.begin(), allowed_.end(), "*") != allowed_.end());
}

CorsPolicy::Headers CorsPolicy::responseHeaders(const std::string& origin) const {
    if (!allows(origin)) return {};
    return {{"Access-Control-Allow-Origin", origin},
            {"Access-Control-Allow-Credentials", "true"},
            {"Access-Control-Expose-Headers", "X-Request-ID, ETag, Retry-After, Location"},
            {"Vary", "Origin"}};
}

CorsPolicy::Headers CorsPolicy::preflightHeaders(const std::string& origin, const std::vector<std::string>& methods) const {
    if (!allows(origin)) return {};
    std::string list;
    for (const auto& m : methods) list += (list.empty() ? "" : ", ") + m;
    list += list.empty() ? "OPTIONS" : ", OPTIONS";
    return {{"Access-Control-Allow-Methods", list},
            {"Access-Control-Allow-Headers",
             "Authorization, Content-Type, X-Request-ID, X-Correlation-ID, If-Match, Idempotency-Key"},
            {"Access-Control-Max-Age", "600"}};
}

}  // namespace crm
