#include "auth/AuthRoutes.h"

#include "api/ApiError.h"
#include "api/ErrorBody.h"
#include "api/JsonBody.h"
#include "api/Router.h"
#include "auth/LoginRateLimiter.h"
#include "auth/PasswordHasher.h"
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

ApiError incorrectCredentials() {
    return ApiError(401, "Incorrect email or password", {{"WWW-Authenticate", "Bearer"}});
}

}  // namespace

void AuthRoutes::registerIn(Router& router, const std::string& prefix) {
    auto bind = [this](int (AuthRoutes::*fn)(Request&, Response&)) {
        return [this, fn](Request& rq, Response& rs) { return (this->*fn)(rq, rs); };
    };
    router.add({"POST", prefix + "/auth/login", "PUBLIC", "core", "Log in with email and password",
                RouteSchema::parse(kLoginSchema), bind(&AuthRoutes::login)});
    router.add({"POST", prefix + "/auth/refresh", "PUBLIC", "core", "Exchange a refresh token for new tokens",
                RouteSchema::parse(kRefreshSchema), bind(&AuthRoutes::refresh)});
    router.add({"POST", prefix + "/auth/logout", "authenticated", "core", "Revoke the current tokens",
                RouteSchema::parse(kLogoutSchema), bind(&AuthRoutes::logout)});
    router.add({"GET", prefix + "/auth/me", "authenticated", "core", "The current user", RouteSchema::parse(kMeSchema),
                bind(&AuthRoutes::me)});
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

int AuthRoutes::login(Request& request, Response& response) {
    auto body = bodyObject(request);
    // The OAuth2 password flow (form) names the email "username".
    auto email = optionalString(body, "email");
    if (!email) email = optionalString(body, "username");
    auto password = optionalString(body, "password");
    std::vector<ValidationIssue> missing;
    if (!email || email->empty()) missing.push_back({"body", "email", "Field required", "missing"});
    if (!password || password->empty()) missing.push_back({"body", "password", "Field required", "missing"});
    if (!missing.empty()) throw ValidationFailed(missing);

    std::string key = Poco::toLower(*email);
    std::string address = rateLimitKey(request.clientAddress);
    if (int wait = limiter_.admit(key, address))
        throw ApiError(429, "Too many login attempts; retry in " + std::to_string(wait) + " s",
                       {{"Retry-After", std::to_string(wait)}});

    auto user = users_.findByEmail(*email);
    bool ok = false;
    if (user) ok = hasher_.verify(*password, user->hashedPassword) && user->active;
    else hasher_.burn(*password);  // the same time as a real check: no account-probing oracle
    if (!ok) throw incorrectCredentials();  // counted already, by admit()
    limiter_.succeeded(key, address);
    answerWithTokens(response, user->id, user->role, user->technicianId, user->json, TokenService::newId());
    return CRM_OK;
}

int AuthRoutes::refresh(Request& request, Response& response) {
    auto body = bodyObject(request);
    auto claims = tokens_.verify(body->getValue<std::string>("refresh_token"), "refresh");
    if (!claims || claims->family.empty()) throw ApiError::invalidToken();
    // Before the database: a refused refresh costs no statement and leaves
    // the token unspent, so the client retries with the same one.
    if (int wait = refreshLimiter_.admit(claims->userId))
        throw ApiError(429, "Too many token refreshes for this user; retry in " + std::to_string(wait) +
                                " s with the same refresh token",
                       {{"Retry-After", std::to_string(wait)}});

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
        throw ApiError::invalidToken();
    }
    session.commit();

    auto user = users_.findById(claims->userId);
    if (!user || !user->active) throw ApiError::invalidToken();
    // The role comes from the database: a changed role takes effect at refresh.
    answerWithTokens(response, user->id, user->role, user->technicianId, user->json, claims->family);
    return CRM_OK;
}

int AuthRoutes::logout(Request& request, Response& response) {
    const auto& principal = *request.principal;
    // A refused logout revokes nothing: the tokens stay valid until a retry succeeds.
    if (int wait = logoutLimiter_.admit(principal.userId))
        throw ApiError(429, "Too many logouts for this user; retry in " + std::to_string(wait) +
                                " s (the tokens stay valid until a logout succeeds)",
                       {{"Retry-After", std::to_string(wait)}});
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
    return CRM_OK;
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

int AuthRoutes::me(Request& request, Response& response) {
    auto user = users_.findById(request.principal->userId);
    if (!user) throw ApiError(404, "User not found");
    response.json(user->json);
    return CRM_OK;
}

}  // namespace crm
