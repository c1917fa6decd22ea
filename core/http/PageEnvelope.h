#pragma once

#include "http/RequestContext.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace crm {

// {"items": [...], "total", "page", "page_size", "pages"} for the request's
// validated page; pages = ceil(total / page_size), 0 when total is 0.
std::string pageEnvelope(const Request& request, std::string_view itemsJson, int64_t total);

// OFFSET of the request's page.
inline int64_t pageOffset(const Request& request) { return (request.page - 1) * request.pageSize; }

}  // namespace crm
