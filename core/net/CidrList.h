#pragma once

#include <Poco/Net/IPAddress.h>

#include <array>
#include <string>
#include <vector>

namespace crm {

// A list of networks in CIDR notation (10.0.0.0/8, fd00::/8; a bare address
// is the network of that one address), and whether an address is in one.
// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is matched as the IPv4 one.
class CidrList {
public:
    // Throws std::invalid_argument naming `setting` and the CIDR that does not parse.
    CidrList(const std::vector<std::string>& cidrs, const std::string& setting);

    bool contains(const Poco::Net::IPAddress& address) const;
    bool empty() const { return networks_.empty(); }

private:
    struct Network {
        std::array<unsigned char, 16> bytes{};
        unsigned length = 0;  // 4 or 16
        unsigned prefix = 0;  // bits that must match
    };

    std::vector<Network> networks_;
};

// The address as IPv4 when it is an IPv4-mapped IPv6 one (::ffff:a.b.c.d).
Poco::Net::IPAddress unmappedAddress(const Poco::Net::IPAddress& address);

}  // namespace crm
