#include "auth/TokenService.h"

#include "auth/Base64Url.h"

#include <Poco/JWT/Token.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <openssl/crypto.h>
#include <openssl/hmac.h>

#include <charconv>

namespace crm {
namespace {

bool canonicalToken(const std::string& jwt) {
    auto first = jwt.find('.');
    if (first == std::string::npos) return false;
    auto second = jwt.find('.', first + 1);
    if (second == std::string::npos || jwt.find('.', second + 1) != std::string::npos) return false;
    std::string_view text(jwt);
    return canonicalBase64Url(text.substr(0, first)) && canonicalBase64Url(text.substr(first + 1, second - first - 1)) &&
           canonicalBase64Url(text.substr(second + 1));
}

// What an entry of the verified-token map costs, roughly: key, claims'
// strings and the map's own node.
std::size_t entryBytes(const std::string& key, const TokenClaims& c) {
    return key.capacity() + c.role.capacity() + c.type.capacity() + c.id.capacity() + c.family.capacity() +
           sizeof(TokenClaims) + 64;
}

}  // namespace

TokenService::TokenService(const std::string& secret, int accessTokenMinutes, int refreshTokenDays)
    : secret_(secret), accessSeconds_(accessTokenMinutes * 60), refreshSeconds_(refreshTokenDays * 86400) {
    signer_.setHMACKey(secret);
    signer_.setAlgorithms({Poco::JWT::Signer::ALGO_HS256});
}

std::string TokenService::newId() { return Poco::UUIDGenerator::defaultGenerator().createRandom().toString(); }

TokenService::Issued TokenService::issue(int64_t userId, const std::string& role, std::optional<int64_t> technicianId,
                                         const std::string& type, const std::string& family) const {
    Issued issued;
    auto& c = issued.claims;
    c.userId = userId;
    c.role = role;
    c.type = type;
    c.id = newId();
    c.family = family;
    c.technicianId = technicianId;
    c.issuedAt = Poco::Timestamp().epochTime();
    c.expiresAt = c.issuedAt + (type == "refresh" ? refreshSeconds_ : accessSeconds_);

    Poco::JWT::Token token;
    token.setType("JWT");
    token.setSubject(std::to_string(userId));
    token.setId(c.id);
    token.setIssuedAt(Poco::Timestamp::fromEpochTime(c.issuedAt));
    token.setExpiration(Poco::Timestamp::fromEpochTime(c.expiresAt));
    token.payload().set("role", role);
    token.payload().set("typ", type);
    if (!family.empty()) token.payload().set("fam", family);
    if (technicianId) token.payload().set("tid", *technicianId);
    issued.token = signer_.sign(token, Poco::JWT::Signer::ALGO_HS256);
    return issued;
}

std::optional<TokenClaims> TokenService::verify(const std::string& jwt, const std::string& expectedType) const {
    {
        // Only tokens whose signature was checked are ever remembered, so a
        // hit is one of them, spelled exactly so (canonical, then).
        std::shared_lock lock(verifiedMutex_);
        auto it = verified_.find(jwt);
        if (it != verified_.end()) {
            if (it->second.type != expectedType || it->second.expiresAt <= Poco::Timestamp().epochTime()) return std::nullopt;
            return it->second;
        }
    }
    if (!canonicalToken(jwt)) return std::nullopt;
    auto claims = verifySignature(jwt, expectedType);
    if (claims) {
        std::unique_lock lock(verifiedMutex_);
        std::size_t bytes = entryBytes(jwt, *claims);
        if (rememberedBytes_ + bytes > kMaxRememberedBytes) {  // bounded; rebuilt as clients come back
            verified_.clear();
            rememberedBytes_ = 0;
        }
        if (verified_.emplace(jwt, *claims).second) rememberedBytes_ += bytes;
    }
    return claims;
}

// HS256 over the first two segments, compared with the third in constant
// time (a comparison that stops at the first difference tells an attacker
// how much of a forged signature is right).
bool TokenService::signatureMatches(const std::string& jwt) const {
    auto dot = jwt.rfind('.');
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macSize = 0;
    if (!HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
              reinterpret_cast<const unsigned char*>(jwt.data()), dot, mac, &macSize))
        return false;
    std::string expected = base64Url(mac, macSize);
    std::string_view given = std::string_view(jwt).substr(dot + 1);
    return given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

std::optional<TokenClaims> TokenService::verifySignature(const std::string& jwt, const std::string& expectedType) const {
    if (!signatureMatches(jwt)) return std::nullopt;
    Poco::JWT::Token token;
    try {
        token = Poco::JWT::Token(jwt);
    } catch (const Poco::Exception&) {
        return std::nullopt;  // signed by us, yet not JSON: never issued, refuse it
    }
    if (token.getAlgorithm() != Poco::JWT::Signer::ALGO_HS256) return std::nullopt;
    try {
        const auto& payload = token.payload();
        TokenClaims c;
        c.type = payload.optValue<std::string>("typ", "");
        if (c.type != expectedType) return std::nullopt;
        std::string subject = token.getSubject();
        if (std::from_chars(subject.data(), subject.data() + subject.size(), c.userId).ec != std::errc() || c.userId <= 0)
            return std::nullopt;
        if (!payload.has("exp")) return std::nullopt;
        c.expiresAt = payload.getValue<Poco::Int64>("exp");
        if (c.expiresAt <= Poco::Timestamp().epochTime()) return std::nullopt;
        c.issuedAt = payload.optValue<Poco::Int64>("iat", 0);
        c.role = payload.optValue<std::string>("role", "");
        c.id = token.getId();
        if (c.id.empty()) return std::nullopt;
        c.family = payload.optValue<std::string>("fam", "");
        if (payload.has("tid")) c.technicianId = payload.getValue<Poco::Int64>("tid");
        return c;
    } catch (const Poco::Exception&) {
        return std::nullopt;  // a claim of the wrong type
    }
}

}  // namespace crm
