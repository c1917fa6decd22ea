#pragma once

#include "api/RequestContext.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace crm {

// A JSON request body as the object the validator checks. Throws HttpError
// (400) when it nests arrays and objects deeper than maxDepth (counted
// before parsing, so a hostile body cannot exhaust the parser's stack) or
// is not JSON; returns null after appending an issue when it is JSON but
// not an object.
Poco::JSON::Object::Ptr parseJsonBody(const std::string& raw, int maxDepth, std::vector<ValidationIssue>& issues);

// The validated body of a core route as an object (the pipeline already
// checked it is one), and typed reads of optional fields.
Poco::JSON::Object::Ptr bodyObject(const Request& request);
std::optional<std::string> optionalString(const Poco::JSON::Object::Ptr& body, const std::string& name);

}  // namespace crm
