#pragma once

#include "api/Route.h"

#include <Poco/JSON/Object.h>

namespace crm {

// An operation's responses: its success status with the body the route
// declared (the page envelope on a paginated route, any object when it
// declared none), then every error status the pipeline or the handler can
// answer for it, each a shared component response (ErrorResponses.h):
// 401/403 behind a permission, 404 with path parameters, 400/413/415 with
// a body, 422 with any input, 412 with If-Match, 409 on a plugin's writes
// (the host maps unique and foreign-key violations so), 503 wherever the
// database is used. Statuses the route declares replace these.
Poco::JSON::Object::Ptr operationResponses(const Route& route);

}  // namespace crm
