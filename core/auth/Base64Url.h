#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace crm {

// base64url without padding (RFC 4648 section 5), as tokens and MACs carry it.
std::string base64Url(const unsigned char* data, std::size_t size);

// The value of one base64url character, or -1 for any other character.
int base64UrlValue(char c);

// True when no other text decodes to the same bytes: only the alphabet, no
// padding, a length that is not 1 more than a multiple of 4, and zero in the
// bits of the last character that carry no data.
bool canonicalBase64Url(std::string_view text);

}  // namespace crm
