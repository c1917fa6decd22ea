#pragma once

#include "net/CidrList.h"

#include <Poco/Net/IPAddress.h>

#include <string>
#include <vector>

namespace crm {

// Which peers are proxies whose X-Forwarded-For may be believed
// (TRUSTED_PROXIES, CIDRs). Behind a proxy every client has the proxy's
// address, so one client's failed logins would lock everyone out; from any
// other peer the header is the client's own claim, and ignored.
class TrustedProxies {
public:
    // Throws std::invalid_argument naming a CIDR that does not parse.
    explicit TrustedProxies(const std::vector<std::string>& cidrs);

    // The peer's address; when the peer is a trusted proxy, the right-most
    // address in X-Forwarded-For that is not a trusted proxy itself (the
    // ones left of it were written by the client and prove nothing).
    std::string clientOf(const Poco::Net::IPAddress& peer, const std::string& forwardedFor) const;

private:
    CidrList networks_;
};

// What a per-address limit counts: an IPv4 address, or the /64 of an IPv6
// one (a single host usually holds a whole /64, so counting its addresses
// one by one would let it rotate through 2^64 of them).
std::string rateLimitKey(const std::string& address);

}  // namespace crm
