#pragma once

#include "api/RequestContext.h"
#include "api/RouteSchema.h"

#include <functional>
#include <string>
#include <vector>

namespace crm {

// A handler returns a crm_status: CRM_OK when it filled the response (an
// error response included), anything else for the pipeline to map.
using RouteHandler = std::function<int(Request&, Response&)>;

struct Route {
    std::string method;
    std::string path;        // full template, e.g. /api/v2/customers/{id}
    std::string permission;  // "<domain>:<action>" or PUBLIC
    std::string owner;       // "core" or the plugin id, for logs
    std::string summary;
    RouteSchema schema;
    RouteHandler handler;

    bool isPublic() const { return permission == "PUBLIC"; }
};

}  // namespace crm
