#include "http/Authenticator.h"

#include "api/HttpError.h"
#include "auth/Permissions.h"
#include "auth/RevocationList.h"
#include "auth/TokenService.h"
#include "auth/UserValidity.h"

#include <Poco/String.h>

namespace crm {

std::string bearerToken(const std::string& authorizationHeader) {
    std::string header = Poco::trim(authorizationHeader);
    if (header.size() < 7 || Poco::icompare(header.substr(0, 7), "bearer ") != 0) return "";
    return Poco::trim(header.substr(7));
}

Principal Authenticator::authenticate(const std::string& authorizationHeader) const {
    std::string token = bearerToken(authorizationHeader);
    if (token.empty()) throw HttpError::unauthenticated();
    auto claims = tokens_.verify(token, "access");
    if (!claims || !Permissions::isRole(claims->role) || revocations_.isRevoked(claims->id) ||
        (!claims->family.empty() && revocations_.isRevoked(RevocationList::familyKey(claims->family))))
        throw HttpError::invalidToken();
    // A token from before the user's role, activity or password last changed.
    if (!users_.accepts(claims->userId, claims->issuedAt)) throw HttpError::invalidToken();
    Principal p;
    p.userId = claims->userId;
    p.role = claims->role;
    p.technicianId = claims->technicianId;
    p.tokenId = claims->id;
    p.family = claims->family;
    p.expiresAt = claims->expiresAt;
    return p;
}

}  // namespace crm
