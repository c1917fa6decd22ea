#pragma once

#include "api/Route.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace crm {

// What an operation takes: its parameters (path, query, the page's, sort,
// If-Match) and its request body, from the route's schema.
Poco::JSON::Array::Ptr operationParameters(const Route& route);

// Null when the route reads no body.
Poco::JSON::Object::Ptr operationRequestBody(const Route& route);

}  // namespace crm
