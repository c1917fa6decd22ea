#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace Poco::JSON {
class Object;
}

namespace crm {

// What a route declares about its answers, in the same schema JSON as its
// input (RouteSchema.h lists the keys). Only the OpenAPI document reads it:
// the host never checks a handler's output against it; the tests do.
// Schemas are kept as JSON text, in the order they were written.
struct RouteResponses {
    int status = 200;                          // the success status; 204 has no body
    bool statusDeclared = false;               // by "status" or a success body; else the method's usual ones
    std::map<int, std::string> bodies;         // status -> JSON Schema of that answer's body
    std::string items;                         // a paginated route's item schema ("" when undeclared)
    std::vector<std::pair<std::string, std::string>> envelope;  // more envelope fields beside the page's
    std::vector<std::pair<std::string, std::string>> components;  // named schemas, #/components/schemas/<name>
    std::string mediaType = "application/json";  // of the success body
    bool ifMatch = false;       // PUT/PATCH honour If-Match (412 when stale)
    bool usesDatabase = true;   // false: no 503 for an unreachable database

    // Throws std::invalid_argument naming the key that is wrong.
    static RouteResponses parse(const Poco::JSON::Object& root, bool paginated);
};

}  // namespace crm
