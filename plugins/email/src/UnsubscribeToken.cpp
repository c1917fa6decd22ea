#include "UnsubscribeToken.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/String.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

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

std::string UnsubscribeToken::signature(const std::string& email) const {
    std::string message = "unsubscribe:" + email;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), digest, &length);
    static const char* const kHex = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 15];
    }
    return hex;
}

std::string UnsubscribeToken::issue(const std::string& email) const {
    std::string lower = Poco::toLower(email);
    return base64url(lower) + "." + signature(lower);
}

std::optional<std::string> UnsubscribeToken::verify(const std::string& token) const {
    auto dot = token.find('.');
    if (dot == std::string::npos || token.size() > 2048) return std::nullopt;
    auto email = unbase64url(token.substr(0, dot));
    if (!email || email->empty() || email->find('@') == std::string::npos) return std::nullopt;
    std::string expected = signature(*email);
    std::string given = token.substr(dot + 1);
    if (given.size() != expected.size() || CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0)
        return std::nullopt;
    return email;
}
