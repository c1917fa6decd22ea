#include "http/ClientAddress.h"

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <cstring>
#include <stdexcept>

namespace crm {
namespace {

// The address as IPv4 when it is an IPv4-mapped IPv6 one (::ffff:a.b.c.d).
Poco::Net::IPAddress unmapped(const Poco::Net::IPAddress& address) {
    if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
        const auto* bytes = static_cast<const unsigned char*>(address.addr());
        return Poco::Net::IPAddress(bytes + 12, 4);
    }
    return address;
}

bool matches(const unsigned char* a, const unsigned char* b, unsigned prefix) {
    unsigned whole = prefix / 8, rest = prefix % 8;
    if (std::memcmp(a, b, whole) != 0) return false;
    if (rest == 0) return true;
    unsigned char mask = static_cast<unsigned char>(0xFF << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

}  // namespace

TrustedProxies::TrustedProxies(const std::vector<std::string>& cidrs) {
    for (const auto& cidr : cidrs) {
        auto slash = cidr.find('/');
        Poco::Net::IPAddress address;
        if (!Poco::Net::IPAddress::tryParse(cidr.substr(0, slash), address))
            throw std::invalid_argument("TRUSTED_PROXIES: '" + cidr + "' is not an address or CIDR (10.0.0.0/8, fd00::/8)");
        address = unmapped(address);
        Network network;
        network.length = address.length();
        std::memcpy(network.bytes.data(), address.addr(), network.length);
        network.prefix = network.length * 8;
        if (slash != std::string::npos) {
            std::string bits = cidr.substr(slash + 1);
            if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos ||
                std::stoul(bits) > network.prefix)
                throw std::invalid_argument("TRUSTED_PROXIES: '" + cidr + "' has a prefix length out of range");
            network.prefix = static_cast<unsigned>(std::stoul(bits));
        }
        networks_.push_back(network);
    }
}

bool TrustedProxies::trusted(const Poco::Net::IPAddress& address) const {
    auto plain = unmapped(address);
    for (const auto& n : networks_)
        if (n.length == plain.length() && matches(n.bytes.data(), static_cast<const unsigned char*>(plain.addr()), n.prefix))
            return true;
    return false;
}

std::string TrustedProxies::clientOf(const Poco::Net::IPAddress& peer, const std::string& forwardedFor) const {
    std::string client = unmapped(peer).toString();
    if (networks_.empty() || forwardedFor.empty() || !trusted(peer)) return client;
    Poco::StringTokenizer hops(forwardedFor, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (auto it = hops.end(); it != hops.begin();) {
        --it;
        Poco::Net::IPAddress hop;
        if (!Poco::Net::IPAddress::tryParse(*it, hop)) return client;  // garbage: believe no further
        client = unmapped(hop).toString();
        if (!trusted(hop)) break;
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
