#pragma once

#include "api/RouteSchema.h"

#include <Poco/JSON/Object.h>

namespace crm {

// The JSON Schema of a declared parameter or body field: the same bounds
// the validator enforces (validation/Validator), as OpenAPI 3.1 writes them.
Poco::JSON::Object::Ptr fieldSchema(const FieldSpec& field);

}  // namespace crm
