#pragma once

#include "http/RequestContext.h"

#include <string>

namespace crm {

class Database;
class PluginHost;
class Router;

// GET /health and GET /api/v2/openapi.json, both public.
class SystemRoutes {
public:
    SystemRoutes(Database& database, const PluginHost& plugins, const Router& router, std::string version)
        : database_(database), plugins_(plugins), router_(router), version_(std::move(version)) {}

    void registerIn(Router& router, const std::string& prefix);

    // The OpenAPI 3.1 document of every registered route (also used by tests
    // to walk the route table).
    std::string openApiDocument() const;

private:
    int health(Request& request, Response& response);
    int openApi(Request& request, Response& response);

    Database& database_;
    const PluginHost& plugins_;
    const Router& router_;
    std::string version_;
};

}  // namespace crm
