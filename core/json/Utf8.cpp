#include "json/Utf8.h"

#include <cstdint>

namespace crm {

std::size_t utf8SequenceLength(std::string_view text, std::size_t at) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    static const uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    unsigned char lead = s[at];
    std::size_t extra = lead < 0x80 ? 0 : (lead >> 5) == 0x6 ? 1 : (lead >> 4) == 0xE ? 2 : (lead >> 3) == 0x1E ? 3 : 4;
    if (extra == 4 || at + extra >= text.size() + (extra == 0)) return 0;  // not a lead byte, or cut short
    uint32_t code = extra == 0 ? lead : lead & (0x3F >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
        if ((s[at + k] & 0xC0) != 0x80) return 0;
        code = (code << 6) | (s[at + k] & 0x3F);
    }
    if (code < kSmallest[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return extra + 1;
}

bool isUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = utf8SequenceLength(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

}  // namespace crm
