#pragma once

#include <cstddef>
#include <string_view>

namespace crm {

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlong
// forms, no surrogates, nothing past U+10FFFF) that starts at `at`, or 0
// when the bytes there are not one. PostgreSQL refuses anything else, and
// JSON must be UTF-8 (RFC 8259).
std::size_t utf8SequenceLength(std::string_view text, std::size_t at);

// Whether all of `text` is well-formed UTF-8.
bool isUtf8(std::string_view text);

}  // namespace crm
