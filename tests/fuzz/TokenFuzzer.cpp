// The token parser: what TokenService::verify does with the bearer token
// of an Authorization header. The first byte picks what the rest is:
//   even: the token as a client sends it, verified as an access and as a
//         refresh token (a forgery: it must be refused, never crash);
//   odd:  a JWT header and payload in JSON, separated by a line feed,
//         signed here with the test secret and then verified, so the claim
//         checks behind the signature run on any claims at all.
// verify() returns a value or nothing and never throws. Also checked:
// base64url text that canonicalBase64Url accepts is the one spelling of
// its bytes (it decodes to bytes that encode back to it), and what
// base64Url writes is canonical.

#include "FuzzInput.h"

#include "auth/Base64Url.h"
#include "auth/TokenService.h"

#include <openssl/hmac.h>

using namespace crm;

namespace {

const std::string kSecret = "fuzzing-secret-not-used-anywhere-else-0123456789";

std::string encode(const std::string& bytes) {
    return base64Url(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string signedToken(const std::string& header, const std::string& payload) {
    std::string signingInput = encode(header) + "." + encode(payload);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macSize = 0;
    HMAC(EVP_sha256(), kSecret.data(), static_cast<int>(kSecret.size()),
         reinterpret_cast<const unsigned char*>(signingInput.data()), signingInput.size(), mac, &macSize);
    return signingInput + "." + base64Url(mac, macSize);
}

// The bytes of base64url text, bits left over at the end dropped (as
// lenient decoders drop them).
std::string decode(const std::string& text) {
    std::string bytes;
    uint32_t bits = 0;
    int pending = 0;
    for (char c : text) {
        bits = (bits << 6) | static_cast<uint32_t>(base64UrlValue(c));
        pending += 6;
        if (pending >= 8) {
            pending -= 8;
            bytes += static_cast<char>((bits >> pending) & 0xFF);
        }
    }
    return bytes;
}

void checkCanonical(const std::string& text) {
    if (canonicalBase64Url(text) && encode(decode(text)) != text)
        fuzz::broken("canonical base64url text is the only spelling of its bytes");
}

void checkVerified(const TokenService& tokens, const std::string& jwt) {
    for (const char* type : {"access", "refresh"}) {
        auto claims = tokens.verify(jwt, type);
        if (claims && (claims->type != type || claims->userId <= 0 || claims->id.empty()))
            fuzz::broken("a verified token has the type asked for, a user and an id");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return fuzz::kRejected;
    std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    // A service per input: what one input verified is not remembered for the next.
    TokenService tokens(kSecret, 15, 14);
    if (data[0] % 2 == 0) {
        checkVerified(tokens, rest);
        if (!rest.empty() && !canonicalBase64Url(encode(rest))) fuzz::broken("what base64Url writes is canonical");
        for (std::size_t start = 0, dot; start <= rest.size(); start = dot + 1) {
            dot = rest.find('.', start);
            checkCanonical(rest.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
            if (dot == std::string::npos) break;
        }
        return 0;
    }
    auto newline = rest.find('\n');
    if (newline == std::string::npos) return fuzz::kRejected;
    checkVerified(tokens, signedToken(rest.substr(0, newline), rest.substr(newline + 1)));
    return 0;
}
