#pragma once

#include "api/RequestContext.h"
#include "api/RouteSchema.h"
#include "api/Router.h"

#include <string>

namespace crm {

// Registers the core's own routes as a plugin registers its (crm::Routes,
// sdk/include/crm/plugin.hpp): one line per route, naming its method,
// path, permission, schema, the member function that handles it and a
// summary. A handler reads the request and fills the response, or throws
// one of HttpError.h's errors (NotFound, Conflict, Invalid, ...), which the
// pipeline answers as it answers a plugin's.
template <typename Owner>
class CoreRoutes {
public:
    using Handler = void (Owner::*)(const Request&, Response&);

    // `prefix` goes before every path ("/api/v2").
    CoreRoutes(Router& router, std::string prefix, Owner& owner)
        : router_(router), prefix_(std::move(prefix)), owner_(owner) {}

    // Throws std::invalid_argument when the schema or the path is malformed,
    // or the route is registered already.
    void add(const char* method, const char* path, const char* permission, const char* schemaJson, Handler handler,
             const char* summary) {
        Owner& owner = owner_;
        router_.add({method, prefix_ + path, permission, "core", summary, RouteSchema::parse(schemaJson),
                     [&owner, handler](Request& request, Response& response) {
                         (owner.*handler)(request, response);
                         return CRM_OK;
                     }});
    }

private:
    Router& router_;
    std::string prefix_;
    Owner& owner_;
};

}  // namespace crm
