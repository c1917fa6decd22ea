#pragma once

#include "api/RequestContext.h"

#include <string>

namespace crm {

class RevocationList;
class TokenService;

// Turns an Authorization header into the request's principal, or throws the
// contract's 401: "Not authenticated" when there is no bearer token,
// "Invalid token" when it is malformed, forged, expired, revoked or a
// refresh token.
class UserValidity;

// The token of an "Authorization: Bearer <token>" header (the scheme in any
// case, spaces trimmed); empty when the header holds none.
std::string bearerToken(const std::string& authorizationHeader);

class Authenticator {
public:
    Authenticator(TokenService& tokens, RevocationList& revocations, UserValidity& users)
        : tokens_(tokens), revocations_(revocations), users_(users) {}

    Principal authenticate(const std::string& authorizationHeader) const;

private:
    TokenService& tokens_;
    RevocationList& revocations_;
    UserValidity& users_;
};

}  // namespace crm
