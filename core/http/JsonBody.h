#pragma once

#include "http/RequestContext.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace crm {

// The validated body of a core route as an object (the pipeline already
// checked it is one), and typed reads of optional fields.
Poco::JSON::Object::Ptr bodyObject(const Request& request);
std::optional<std::string> optionalString(const Poco::JSON::Object::Ptr& body, const std::string& name);

}  // namespace crm
