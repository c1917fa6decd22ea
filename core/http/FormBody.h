#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace crm {

// An application/x-www-form-urlencoded body as the object the validator
// checks: each name=value pair, '+' for a space, percent-decoded; a later
// pair wins over an earlier one of the same name, and a pair without a name
// is dropped. Values are strings. Throws HttpError (400) when the body's
// percent-encoding is malformed.
Poco::JSON::Object::Ptr formBodyObject(const std::string& body);

}  // namespace crm
