#include "UnsubscribeToken.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/String.h>

#include <sstream>

namespace {

std::string base64url(const std::string& text) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder << text;
    encoder.close();
    return out.str();
}

std::optional<std::string> unbase64url(const std::string& text) {
    try {
        std::istringstream in(text);
        Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
        std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
        return out;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

}  // namespace

namespace {

constexpr std::string_view kPurpose = "unsubscribe";

}  // namespace

std::string UnsubscribeToken::issue(const std::string& email) const {
    std::string lower = Poco::toLower(email);
    return base64url(lower) + "." + host_.sign(kPurpose, lower);
}

std::optional<std::string> UnsubscribeToken::verify(const std::string& token) const {
    auto dot = token.find('.');
    if (dot == std::string::npos || token.size() > 2048) return std::nullopt;
    auto email = unbase64url(token.substr(0, dot));
    if (!email || email->empty() || email->find('@') == std::string::npos) return std::nullopt;
    if (!host_.verify(kPurpose, *email, std::string_view(token).substr(dot + 1))) return std::nullopt;
    return email;
}
