#include "json/JsonString.h"

#include "json/Utf8.h"

#include <cstdio>

namespace crm {

std::string jsonString(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            // Bytes that are not UTF-8 (echoed input, a raw path in a log
            // line) become U+FFFD: JSON text must be UTF-8 (RFC 8259).
            std::size_t length = utf8SequenceLength(text, i);
            out += length ? text.substr(i, length) : std::string_view("\\ufffd");
            i += length ? length : 1;
            continue;
        }
        ++i;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                out += escaped;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

}  // namespace crm
