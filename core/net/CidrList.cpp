#include "net/CidrList.h"

#include <cstring>
#include <stdexcept>

namespace crm {
namespace {

bool matches(const unsigned char* a, const unsigned char* b, unsigned prefix) {
    unsigned whole = prefix / 8, rest = prefix % 8;
    if (std::memcmp(a, b, whole) != 0) return false;
    if (rest == 0) return true;
    unsigned char mask = static_cast<unsigned char>(0xFF << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

}  // namespace

Poco::Net::IPAddress unmappedAddress(const Poco::Net::IPAddress& address) {
    if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
        const auto* bytes = static_cast<const unsigned char*>(address.addr());
        return Poco::Net::IPAddress(bytes + 12, 4);
    }
    return address;
}

CidrList::CidrList(const std::vector<std::string>& cidrs, const std::string& setting) {
    for (const auto& cidr : cidrs) {
        auto slash = cidr.find('/');
        Poco::Net::IPAddress address;
        if (!Poco::Net::IPAddress::tryParse(cidr.substr(0, slash), address))
            throw std::invalid_argument(setting + ": '" + cidr + "' is not an address or CIDR (10.0.0.0/8, fd00::/8)");
        address = unmappedAddress(address);
        Network network;
        network.length = address.length();
        std::memcpy(network.bytes.data(), address.addr(), network.length);
        network.prefix = network.length * 8;
        if (slash != std::string::npos) {
            std::string bits = cidr.substr(slash + 1);
            if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos ||
                std::stoul(bits) > network.prefix)
                throw std::invalid_argument(setting + ": '" + cidr + "' has a prefix length out of range");
            network.prefix = static_cast<unsigned>(std::stoul(bits));
        }
        networks_.push_back(network);
    }
}

bool CidrList::contains(const Poco::Net::IPAddress& address) const {
    auto plain = unmappedAddress(address);
    for (const auto& n : networks_)
        if (n.length == plain.length() && matches(n.bytes.data(), static_cast<const unsigned char*>(plain.addr()), n.prefix))
            return true;
    return false;
}

}  // namespace crm
