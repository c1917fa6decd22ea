#include "auth/Base64Url.h"

#include <cstdint>

namespace crm {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

int base64UrlValue(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

// After 2 leftover characters the last one carries 4 unused bits, after 3
// it carries 2: a text with any of them set decodes like the one without.
bool canonicalBase64Url(std::string_view text) {
    if (text.empty() || text.size() % 4 == 1) return false;
    for (char c : text)
        if (base64UrlValue(c) < 0) return false;
    int last = base64UrlValue(text.back());
    if (text.size() % 4 == 2) return (last & 0x0F) == 0;
    if (text.size() % 4 == 3) return (last & 0x03) == 0;
    return true;
}

std::string base64Url(const unsigned char* data, std::size_t size) {
    std::string out;
    out.reserve((size * 4 + 2) / 3);
    for (std::size_t i = 0; i < size; i += 3) {
        uint32_t chunk = uint32_t(data[i]) << 16 | (i + 1 < size ? uint32_t(data[i + 1]) << 8 : 0) |
                         (i + 2 < size ? uint32_t(data[i + 2]) : 0);
        std::size_t chars = size - i >= 3 ? 4 : size - i + 1;
        for (std::size_t k = 0; k < chars; ++k) out += kAlphabet[(chunk >> (18 - 6 * k)) & 0x3F];
    }
    return out;
}

}  // namespace crm
