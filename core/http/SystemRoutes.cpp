#include "http/SystemRoutes.h"

#include "api/CoreRoutes.h"
#include "api/ErrorBody.h"
#include "db/Database.h"
#include "openapi/OpenApiDocument.h"
#include "plugins/PluginHost.h"

namespace crm {
namespace {

// 503 is health's own answer, not the shared Error.
const char* const kHealthSchema = R"({
  "responses": {
    "200": {"$ref": "#/components/schemas/Health"},
    "503": {"$ref": "#/components/schemas/HealthUnhealthy"}
  },
  "schemas": {
    "Health": {
      "type": "object",
      "required": ["status", "database", "version", "plugins"],
      "properties": {
        "status": {"enum": ["healthy"]},
        "database": {"enum": ["connected"]},
        "version": {"type": "string"},
        "plugins": {"type": "array", "items": {
          "type": "object", "required": ["id", "version"],
          "properties": {"id": {"type": "string"}, "version": {"type": "string"}}}}
      }
    },
    "HealthUnhealthy": {
      "type": "object",
      "required": ["status", "database"],
      "properties": {"status": {"enum": ["unhealthy"]}, "database": {"enum": ["unreachable"]}}
    }
  }})";

const char* const kOpenApiSchema = R"({
  "uses_database": false,
  "responses": {"200": {"type": "object", "required": ["openapi", "info", "paths", "components"],
                        "properties": {"openapi": {"type": "string"}}}}})";

}  // namespace

void SystemRoutes::registerIn(Router& router, const std::string& prefix) {
    prefix_ = prefix;
    CoreRoutes<SystemRoutes>(router, "", *this)
        .add("GET", "/health", "PUBLIC", kHealthSchema, &SystemRoutes::health, "Liveness and database reachability");
    CoreRoutes<SystemRoutes>(router, prefix, *this)
        .add("GET", "/openapi.json", "PUBLIC", kOpenApiSchema, &SystemRoutes::openApi, "This API's OpenAPI document");
}

void SystemRoutes::publishDocument() { document_ = crm::openApiDocument(router_.routes(), version_, prefix_); }

void SystemRoutes::health(const Request&, Response& response) {
    if (!database_.reachable()) {
        response.json(R"({"status": "unhealthy", "database": "unreachable"})", 503);
        return;
    }
    std::string plugins;
    for (const auto& p : plugins_.plugins())
        plugins += (plugins.empty() ? "" : ", ") + std::string("{\"id\": ") + jsonString(p->manifest.id) +
                   ", \"version\": " + jsonString(p->manifest.version) + "}";
    response.json("{\"status\": \"healthy\", \"database\": \"connected\", \"version\": " + jsonString(version_) +
                  ", \"plugins\": [" + plugins + "]}");
}

void SystemRoutes::openApi(const Request&, Response& response) {
    response.json(document_);
}

}  // namespace crm
