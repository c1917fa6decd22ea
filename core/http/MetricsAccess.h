#pragma once

#include "api/RequestContext.h"
#include "net/CidrList.h"

#include <string>
#include <vector>

namespace crm {

// Who may read /metrics: loopback clients; clients in METRICS_ALLOW; and
// anyone who sends METRICS_TOKEN as a bearer token. The client is the
// address the pipeline found (TrustedProxies): behind a trusted proxy on
// this host, the proxy's clients are not loopback.
class MetricsAccess {
public:
    // Throws std::invalid_argument naming METRICS_ALLOW and a CIDR that does not parse.
    MetricsAccess(const std::vector<std::string>& allow, std::string token);

    // Returns when the request may read the metrics, else throws the
    // contract's HttpError: 401 (with WWW-Authenticate) when a token would
    // open it and none or another was sent, 403 when no token is set.
    void admit(const Request& request) const;

private:
    CidrList allow_;
    std::string token_;  // empty: no token opens it
};

}  // namespace crm
