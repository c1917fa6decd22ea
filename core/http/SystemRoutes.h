#pragma once

#include "api/RequestContext.h"

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

    // Builds the OpenAPI document (openapi/OpenApiDocument.h) from every
    // route registered by now: called once the plugins have loaded. Throws
    // std::invalid_argument when routes' schemas contradict each other.
    void publishDocument();
    const std::string& openApiDocument() const { return document_; }

private:
    void health(const Request& request, Response& response);
    void openApi(const Request& request, Response& response);

    Database& database_;
    const PluginHost& plugins_;
    const Router& router_;
    std::string version_;
    std::string prefix_;
    std::string document_;
};

}  // namespace crm
