#pragma once

#include "api/Route.h"

#include <deque>
#include <string>

namespace crm {

// The OpenAPI 3.1 document of every registered route: parameters, bodies,
// every response with its schema, the components routes declared, and
// permissions as security requirements (x-permission names the one each
// needs). Built once, after every plugin registered its routes.
// Throws std::invalid_argument when two routes declare one component name
// with different schemas, or a schema refers to a component nobody declares.
std::string openApiDocument(const std::deque<Route>& routes, const std::string& version, const std::string& apiPrefix);

}  // namespace crm
