#pragma once

#include "api/RouteResponses.h"

#include <Poco/JSON/Object.h>

namespace crm {

// The envelope a paginated route answers (API.md, Pagination;
// api/PageEnvelope): items, total, page, page_size, pages, and on a keyset
// list next_after, with page null when the page was asked for by cursor.
// `items` is the declared item schema (any value when undeclared); the
// route's "envelope" fields are added beside the page's.
Poco::JSON::Object::Ptr pageSchema(const RouteResponses& declared, bool keyset);

}  // namespace crm
