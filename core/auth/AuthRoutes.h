#pragma once

#include "api/RequestContext.h"

#include <string>

namespace crm {

class Database;
class LoginRateLimiter;
class PasswordHasher;
class RevocationList;
class Router;
class TokenService;
class UserRateLimiter;
class UserStore;

// /auth/login, /auth/refresh, /auth/logout and /auth/me (API.md section 2).
class AuthRoutes {
public:
    AuthRoutes(Database& database, UserStore& users, TokenService& tokens, PasswordHasher& hasher,
               LoginRateLimiter& limiter, UserRateLimiter& refreshLimiter, UserRateLimiter& logoutLimiter,
               RevocationList& revocations)
        : database_(database), users_(users), tokens_(tokens), hasher_(hasher), limiter_(limiter),
          refreshLimiter_(refreshLimiter), logoutLimiter_(logoutLimiter), revocations_(revocations) {}

    void registerIn(Router& router, const std::string& prefix);

private:
    void login(const Request& request, Response& response);
    void refresh(const Request& request, Response& response);
    void logout(const Request& request, Response& response);
    void me(const Request& request, Response& response);

    void endFamily(const std::string& family);

    // Issues an access and a refresh token of `family` and answers the login shape.
    void answerWithTokens(Response& response, int64_t userId, const std::string& role,
                          std::optional<int64_t> technicianId, const std::string& userJson, const std::string& family);

    Database& database_;
    UserStore& users_;
    TokenService& tokens_;
    PasswordHasher& hasher_;
    LoginRateLimiter& limiter_;
    UserRateLimiter& refreshLimiter_;
    UserRateLimiter& logoutLimiter_;
    RevocationList& revocations_;
};

}  // namespace crm
