#include "auth/TokenService.h"

#include <Poco/JWT/Token.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <charconv>

namespace crm {

TokenService::TokenService(const std::string& secret, int accessTokenMinutes, int refreshTokenDays)
    : accessSeconds_(accessTokenMinutes * 60), refreshSeconds_(refreshTokenDays * 86400) {
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
        std::shared_lock lock(verifiedMutex_);
        auto it = verified_.find(jwt);
        if (it != verified_.end()) {
            if (it->second.type != expectedType || it->second.expiresAt <= Poco::Timestamp().epochTime()) return std::nullopt;
            return it->second;
        }
    }
    auto claims = verifySignature(jwt, expectedType);
    if (claims) {
        std::unique_lock lock(verifiedMutex_);
        if (verified_.size() >= kMaxRemembered) verified_.clear();  // bounded; rebuilt as clients come back
        verified_.emplace(jwt, *claims);
    }
    return claims;
}

std::optional<TokenClaims> TokenService::verifySignature(const std::string& jwt, const std::string& expectedType) const {
    Poco::JWT::Token token;
    try {
        if (!signer_.tryVerify(jwt, token)) return std::nullopt;
    } catch (const Poco::Exception&) {
        return std::nullopt;  // malformed: not three parts, bad base64, bad JSON
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
