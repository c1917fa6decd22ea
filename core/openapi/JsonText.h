#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace crm {

// A schema a route declared (kept as JSON text, RouteResponses.h) as an
// object again, its keys in the order they were written.
Poco::JSON::Object::Ptr parseSchemaText(const std::string& text);

// The same schema with its keys sorted at every level: two declarations of
// one component compare equal when they say the same thing, however laid out.
std::string canonicalSchemaText(const std::string& text);

}  // namespace crm
