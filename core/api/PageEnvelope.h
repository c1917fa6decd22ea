#pragma once

#include "api/RequestContext.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm {

// {"items": [...], "total", "page", "page_size", "pages"} for the request's
// validated page; pages = ceil(total / page_size), 0 when total is 0.
std::string pageEnvelope(const Request& request, std::string_view itemsJson, int64_t total);

// ...with "next_after": the cursor of the page after this one, or null on
// the last; "page" is null when the request continued from a cursor (its
// number would take counting every row before it).
std::string keysetPageEnvelope(const Request& request, std::string_view itemsJson, int64_t total,
                               std::optional<std::string_view> nextAfter);

// OFFSET of the request's page.
inline int64_t pageOffset(const Request& request) { return (request.page - 1) * request.pageSize; }

}  // namespace crm
