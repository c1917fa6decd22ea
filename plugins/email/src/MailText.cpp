#include "MailText.h"

#include <Poco/Net/MailMessage.h>

std::string headerText(const std::string& text) {
    std::string line;
    line.reserve(text.size());
    for (unsigned char c : text) line += (c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c);
    return Poco::Net::MailMessage::encodeWord(line, "UTF-8");
}

std::string withCrlf(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}
