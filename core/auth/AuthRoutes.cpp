#include "auth/AuthRoutes.h"

#include "api/CoreRoutes.h"
#include "api/ErrorBody.h"
#include "api/HttpError.h"
#include "api/JsonBody.h"
#include "auth/LoginRateLimiter.h"
#include "auth/PasswordHasher.h"
#include "auth/Permissions.h"
#include "auth/RevocationList.h"
#include "auth/TokenService.h"
#include "auth/UserRateLimiter.h"
#include "auth/UserStore.h"
#include "db/Database.h"
#include "net/ClientAddress.h"

#include <Poco/String.h>
#include <Poco/Timestamp.h>

namespace crm {
namespace {

// What each route answers, for the OpenAPI document (RouteSchema.h). Login
// and refresh answer the Tokens component; a wrong credential is 401 and
// too many tries 429, without a token to have.
const char* const kLoginSchema = R"({
  "responses": {
    "200": {"$ref": "#/components/schemas/Tokens"},
    "401": {"$ref": "#/components/schemas/Error"},
    "429": {"$ref": "#/components/schemas/Error"}
  },
  "schemas": {"Tokens": {
    "type": "object", "additionalProperties": false,
    "required": ["access_token", "token_type", "expires_in", "refresh_token", "user"],
    "properties": {
      "access_token": {"type": "string"}, "token_type": {"enum": ["bearer"]},
      "expires_in": {"type": "integer", "description": "seconds the access token is accepted"},
      "refresh_token": {"type": "string"}, "user": {"$ref": "#/components/schemas/User"}}}},
  "form": true,
  "body": {
    "email": {"type": "string", "maxLength": 255},
    "username": {"type": "string", "maxLength": 255},
    "password": {"type": "string", "maxLength": 1024, "trim": false, "multiline": true}
  }})";

const char* const kRefreshSchema = R"({
  "responses": {
    "200": {"$ref": "#/components/schemas/Tokens"},
    "401": {"$ref": "#/components/schemas/Error"},
    "429": {"$ref": "#/components/schemas/Error"}
  },
  "body": {"refresh_token": {"type": "string", "required": true, "maxLength": 4096}}})";
const char* const kLogoutSchema = R"({
  "status": 204,
  "responses": {"429": {"$ref": "#/components/schemas/Error"}},
  "body": {"refresh_token": {"type": "string", "maxLength": 4096}}})";
// A token can outlive its user's row (deleted since): 404.
const char* const kMeSchema = R"({
  "responses": {"200": {"$ref": "#/components/schemas/User"}, "404": {"$ref": "#/components/schemas/Error"}}})";

HttpError incorrectCredentials() {
    return HttpError(401, "Incorrect email or password", {{"WWW-Authenticate", "Bearer"}});
}

}  // namespace

void AuthRoutes::registerIn(Router& router, const std::string& prefix) {
    CoreRoutes<AuthRoutes> routes(router, prefix, *this);
    routes.add("POST", "/auth/login", "PUBLIC", kLoginSchema, &AuthRoutes::login, "Log in with email and password");
    routes.add("POST", "/auth/refresh", "PUBLIC", kRefreshSchema, &AuthRoutes::refresh, "Exchange a refresh token for new tokens");
    routes.add("POST", "/auth/logout", Permissions::kAuthenticated, kLogoutSchema, &AuthRoutes::logout, "Revoke the current tokens");
    routes.add("GET", "/auth/me", Permissions::kAuthenticated, kMeSchema, &AuthRoutes::me, "The current user");
}

void AuthRoutes::answerWithTokens(Response& response, int64_t userId, const std::string& role,
                                  std::optional<int64_t> technicianId, const std::string& userJson,
                                  const std::string& family) {
    auto access = tokens_.issue(userId, role, technicianId, "access", family);
    auto refresh = tokens_.issue(userId, role, technicianId, "refresh", family);
    {
        auto session = database_.acquire();
        session.query("INSERT INTO refresh_tokens (jti, family_id, user_id, expires_at) VALUES ($1, $2, $3, to_timestamp($4::bigint))",
                      {refresh.claims.id, family, std::to_string(userId), std::to_string(refresh.claims.expiresAt)});
    }
    response.json("{\"access_token\": " + jsonString(access.token) + ", \"token_type\": \"bearer\", \"expires_in\": " +
                  std::to_string(tokens_.accessTokenSeconds()) + ", \"refresh_token\": " + jsonString(refresh.token) +
                  ", \"user\": " + userJson + "}");
}

void AuthRoutes::login(const Request& request, Response& response) {
    auto body = bodyObject(request);
    // The OAuth2 password flow (form) names the email "username".
    auto email = optionalString(body, "email");
    if (!email) email = optionalString(body, "username");
    auto password = optionalString(body, "password");
    std::vector<ValidationIssue> missing;
    if (!email || email->empty()) missing.push_back({"body", "email", "Field required", "missing"});
    if (!password || password->empty()) missing.push_back({"body", "password", "Field required", "missing"});
    if (!missing.empty()) throw Invalid(missing);

    std::string key = Poco::toLower(*email);
    std::string address = rateLimitKey(request.clientAddress);
    if (int wait = limiter_.admit(key, address))
        throw TooManyRequests("Too many login attempts; retry in " + std::to_string(wait) + " s", wait);

    auto user = users_.findByEmail(*email);
    bool ok = false;
    if (user) ok = hasher_.verify(*password, user->hashedPassword) && user->active;
    else hasher_.burn(*password);  // the same time as a real check: no account-probing oracle
    if (!ok) throw incorrectCredentials();  // counted already, by admit()
    limiter_.succeeded(key, address);
    answerWithTokens(response, user->id, user->role, user->technicianId, user->json, TokenService::newId());
}

void AuthRoutes::refresh(const Request& request, Response& response) {
    auto body = bodyObject(request);
    auto claims = tokens_.verify(body->getValue<std::string>("refresh_token"), "refresh");
    if (!claims || claims->family.empty()) throw HttpError::invalidToken();
    // Before the database: a refused refresh costs no statement and leaves
    // the token unspent, so the client retries with the same one.
    if (int wait = refreshLimiter_.admit(claims->userId))
        throw TooManyRequests("Too many token refreshes for this user; retry in " + std::to_string(wait) +
                                  " s with the same refresh token",
                              wait);

    auto session = database_.acquire();
    session.begin();
    auto spent = session.query(
        "UPDATE refresh_tokens SET spent_at = now() WHERE jti = $1 AND spent_at IS NULL AND revoked_at IS NULL "
        "AND expires_at > now() RETURNING family_id",
        {claims->id});
    if (spent.empty()) {
        // Spent or revoked already: a replayed token. Revoke its whole family,
        // so the thief's and the owner's chains both end here.
        session.commit();
        endFamily(claims->family);
        throw HttpError::invalidToken();
    }
    session.commit();

    auto user = users_.findById(claims->userId);
    if (!user || !user->active) throw HttpError::invalidToken();
    // The role comes from the database: a changed role takes effect at refresh.
    answerWithTokens(response, user->id, user->role, user->technicianId, user->json, claims->family);
}

void AuthRoutes::logout(const Request& request, Response& response) {
    const auto& principal = *request.principal;
    // A refused logout revokes nothing: the tokens stay valid until a retry succeeds.
    if (int wait = logoutLimiter_.admit(principal.userId))
        throw TooManyRequests("Too many logouts for this user; retry in " + std::to_string(wait) +
                                  " s (the tokens stay valid until a logout succeeds)",
                              wait);
    revocations_.revoke(principal.tokenId, principal.expiresAt);
    // The login ends with the token it was made with, refresh token sent or
    // not; a refresh token of another of the user's logins ends that one too.
    if (!principal.family.empty()) endFamily(principal.family);
    auto body = bodyObject(request);
    if (auto refreshToken = optionalString(body, "refresh_token")) {
        if (auto claims = tokens_.verify(*refreshToken, "refresh");
            claims && claims->userId == principal.userId && claims->family != principal.family)
            endFamily(claims->family);
    }
    response.status = 204;
}

// Every refresh token of the login is refused from now on, and so is every
// access token issued from it (until the newest of them would expire).
void AuthRoutes::endFamily(const std::string& family) {
    {
        auto session = database_.acquire();
        session.query("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL", {family});
    }
    revocations_.revoke(RevocationList::familyKey(family), Poco::Timestamp().epochTime() + tokens_.accessTokenSeconds());
}

void AuthRoutes::me(const Request& request, Response& response) {
    auto user = users_.findById(request.principal->userId);
    if (!user) throw NotFound("User not found");
    response.json(user->json);
}

}  // namespace crm
