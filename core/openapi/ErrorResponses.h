#pragma once

#include <Poco/JSON/Object.h>

namespace crm {

// The error answers every operation shares (API.md, Errors), each a
// component response whose body is the Error or ValidationError schema,
// with the headers that come with it (WWW-Authenticate, Retry-After).
Poco::JSON::Object::Ptr errorResponseComponents();

bool hasErrorResponse(int status);

// {"$ref": "#/components/responses/<name>"} for one of those statuses.
Poco::JSON::Object::Ptr errorResponseRef(int status);

// The Error and ValidationError schemas the responses above refer to.
Poco::JSON::Object::Ptr errorSchemaComponents();

}  // namespace crm
