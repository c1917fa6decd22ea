#pragma once

#include <Poco/Crypto/OpenSSLInitializer.h>
#include <Poco/JWT/Signer.h>

#include <cstdint>
#include <optional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace crm {

struct TokenClaims {
    int64_t userId = 0;
    std::string role;
    std::string type;    // "access" or "refresh"
    std::string id;      // jti
    std::string family;  // refresh tokens: the login they descend from
    int64_t issuedAt = 0;
    int64_t expiresAt = 0;
    std::optional<int64_t> technicianId;
};

// Signs and verifies JWTs (HS256 only) with claims sub, role, typ, jti, iat,
// exp (plus fam on refresh tokens and tid for technicians). verify() refuses
// another algorithm, a bad signature, an expired token and a token of the
// other type, and returns nothing in every such case.
//
// Only the canonical form is accepted: exactly three base64url segments,
// no padding, no unused bits set in a segment's last character, so one
// token has one spelling. The signature is compared in constant time.
//
// A client sends the same access token with every request: its signature
// and claims are checked once and remembered under the token itself, in at
// most kMaxRememberedBytes (expiry is still checked on every use;
// revocation is the caller's check, every time). The token is its own key:
// hashing it first cost more than the rest of routing a request (OpenSSL
// 3's digest fetch), and since only tokens we signed are ever inserted, no
// client can choose keys that collide in the map.
class TokenService {
public:
    TokenService(const std::string& secret, int accessTokenMinutes, int refreshTokenDays);

    struct Issued {
        std::string token;
        TokenClaims claims;
    };
    Issued issue(int64_t userId, const std::string& role, std::optional<int64_t> technicianId,
                 const std::string& type, const std::string& family = "") const;

    std::optional<TokenClaims> verify(const std::string& jwt, const std::string& expectedType) const;

    int accessTokenSeconds() const { return accessSeconds_; }

    static std::string newId();

private:
    std::optional<TokenClaims> verifySignature(const std::string& jwt, const std::string& expectedType) const;
    bool signatureMatches(const std::string& jwt) const;

    static constexpr std::size_t kMaxRememberedBytes = 4 * 1024 * 1024;
    mutable std::shared_mutex verifiedMutex_;
    mutable std::unordered_map<std::string, TokenClaims> verified_;  // token -> its claims
    mutable std::size_t rememberedBytes_ = 0;
    std::string secret_;

    // POCO 1.11 counts OpenSSL users and tears OpenSSL down when the count
    // drops to zero, which concurrent signatures do under load (a crash in
    // pthread_mutex_destroy). Holding one initializer for our lifetime keeps
    // the count above zero.
    Poco::Crypto::OpenSSLInitializer openssl_;
    Poco::JWT::Signer signer_;
    int accessSeconds_;
    int refreshSeconds_;
};

}  // namespace crm
