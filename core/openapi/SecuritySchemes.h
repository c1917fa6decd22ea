#pragma once

#include "api/Route.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace crm {

// components.securitySchemes: the bearer token, and the same token as
// OAuth2's password flow gets it (login takes the form username/password),
// so tools that speak OAuth2 can log in by themselves.
Poco::JSON::Object::Ptr securitySchemes(const std::string& tokenUrl);

// An operation's security: either scheme behind a permission, none when public.
Poco::JSON::Array::Ptr operationSecurity(const Route& route);

}  // namespace crm
