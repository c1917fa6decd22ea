#include "net/ClientAddress.h"

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <cstring>

namespace crm {

TrustedProxies::TrustedProxies(const std::vector<std::string>& cidrs) : networks_(cidrs, "TRUSTED_PROXIES") {}

std::string TrustedProxies::clientOf(const Poco::Net::IPAddress& peer, const std::string& forwardedFor) const {
    std::string client = unmappedAddress(peer).toString();
    if (networks_.empty() || forwardedFor.empty() || !networks_.contains(peer)) return client;
    Poco::StringTokenizer hops(forwardedFor, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (auto it = hops.end(); it != hops.begin();) {
        --it;
        Poco::Net::IPAddress hop;
        if (!Poco::Net::IPAddress::tryParse(*it, hop)) return client;  // garbage: believe no further
        client = unmappedAddress(hop).toString();
        if (!networks_.contains(hop)) break;
    }
    return client;
}

std::string rateLimitKey(const std::string& address) {
    Poco::Net::IPAddress parsed;
    if (!Poco::Net::IPAddress::tryParse(address, parsed) || parsed.family() != Poco::Net::IPAddress::IPv6) return address;
    unsigned char bytes[16] = {};
    std::memcpy(bytes, parsed.addr(), 8);
    return Poco::Net::IPAddress(bytes, 16).toString() + "/64";
}

}  // namespace crm
