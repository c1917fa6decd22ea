#include "http/RequestId.h"

#include <cstdint>
#include <random>

namespace crm {

std::string newRequestId() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    std::uint64_t high = generator(), low = generator();
    high = (high & ~0xF000ULL) | 0x4000ULL;                  // version 4
    low = (low & ~(3ULL << 62)) | (2ULL << 62);              // RFC 4122 variant
    static const char kHex[] = "0123456789abcdef";
    std::string id(36, '-');
    std::size_t at = 0;
    auto put = [&](std::uint64_t bits, int nibbles) {
        for (int i = nibbles - 1; i >= 0; --i) {
            if (at == 8 || at == 13 || at == 18 || at == 23) ++at;  // the dashes stay
            id[at++] = kHex[(bits >> (4 * i)) & 0xF];
        }
    };
    put(high, 16);
    put(low, 16);
    return id;
}

}  // namespace crm
