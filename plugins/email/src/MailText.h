#pragma once

#include <string>

// Text from the CRM on its way into a message. A header value is one line:
// CR, LF and other control characters (a name stored before the validator
// refused them, say) become spaces, so no text can start a header of its
// own; then RFC 2047 encoding when it is not plain ASCII. A body has CRLF
// line ends only, so the SMTP layer's dot-stuffing sees every line start (a
// bare LF followed by "." would otherwise reach the relay unstuffed).
std::string headerText(const std::string& text);
std::string withCrlf(const std::string& text);
