#pragma once

#include "api/RequestContext.h"

#include <string>

namespace crm {

class Database;
class PasswordHasher;
class Router;
class UserStore;

// /users/ administration (API.md section 2): admins only.
class UserRoutes {
public:
    UserRoutes(Database& database, UserStore& users, PasswordHasher& hasher)
        : database_(database), users_(users), hasher_(hasher) {}

    void registerIn(Router& router, const std::string& prefix);

private:
    void list(const Request& request, Response& response);
    void create(const Request& request, Response& response);
    void get(const Request& request, Response& response);
    void patch(const Request& request, Response& response);

    Database& database_;
    UserStore& users_;
    PasswordHasher& hasher_;
};

}  // namespace crm
