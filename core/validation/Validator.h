#pragma once

#include "api/RequestContext.h"
#include "api/RouteSchema.h"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace crm {

// Checks a request against its route's schema, the contract's way (strict
// JSON types, trimmed strings, lengths, ranges, enums, real calendar dates)
// and collects one issue per problem, in the order the schema declares.
class Validator {
public:
    // Path parameters and query values; sets request.page and pageSize.
    static std::vector<ValidationIssue> checkParameters(const RouteSchema& schema, Request& request);

    // A JSON object body: returns the normalised object (declared fields the
    // client sent, strings trimmed, times as HH:MM:SS) and appends issues.
    static std::string normaliseBody(const RouteSchema& schema, const Poco::JSON::Object& body,
                                     std::vector<ValidationIssue>& issues);

    // Calendar and clock checks, shared with handlers that parse dates.
    static bool isDate(const std::string& text);
    static bool normaliseTime(const std::string& text, std::string& normalised);
    static std::size_t characterCount(const std::string& utf8);
};

}  // namespace crm
