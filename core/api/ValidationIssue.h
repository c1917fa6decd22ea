#pragma once

#include <string>

namespace crm {

// One entry of a 422 answer: {"loc": [location, field], "msg", "type"}.
// An empty field puts only the location in loc (the body as a whole).
struct ValidationIssue {
    std::string location;  // "body", "query" or "path"
    std::string field;
    std::string message;
    std::string type;
};

}  // namespace crm
