#include "openapi/OpenApiDocument.h"

#include "openapi/ComponentSchemas.h"
#include "openapi/ErrorResponses.h"
#include "openapi/OperationInput.h"
#include "openapi/OperationResponses.h"
#include "openapi/SecuritySchemes.h"

#include <Poco/String.h>

#include <map>
#include <sstream>

namespace crm {
namespace {

Poco::JSON::Object::Ptr operation(const Route& route, const ComponentSchemas& components) {
    Poco::JSON::Object::Ptr op = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    op->set("summary", route.summary);
    op->set("x-permission", route.permission);
    op->set("x-plugin", route.owner);
    op->set("security", operationSecurity(route));
    op->set("parameters", operationParameters(route));
    if (auto body = operationRequestBody(route)) op->set("requestBody", body);
    auto responses = operationResponses(route);
    components.requireDeclared(responses, route.method + " " + route.path + " (" + route.owner + ")");
    op->set("responses", responses);
    return op;
}

}  // namespace

std::string openApiDocument(const std::deque<Route>& routes, const std::string& version, const std::string& apiPrefix) {
    ComponentSchemas schemas;
    for (const auto& route : routes)
        for (const auto& [name, text] : route.schema.responses.components) schemas.add(name, text, route.owner);

    std::map<std::string, Poco::JSON::Object::Ptr> paths;
    for (const auto& route : routes) {
        auto& item = paths[route.path];
        if (!item) item = new Poco::JSON::Object;
        item->set(Poco::toLower(route.method), operation(route, schemas));
    }
    Poco::JSON::Object::Ptr pathsObject = new Poco::JSON::Object;
    for (const auto& [path, item] : paths) pathsObject->set(path, item);

    Poco::JSON::Object::Ptr info = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    info->set("title", std::string("crm-server"));
    info->set("version", version);
    Poco::JSON::Object::Ptr components = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    components->set("schemas", schemas.toJson());
    components->set("responses", errorResponseComponents());
    components->set("securitySchemes", securitySchemes(apiPrefix + "/auth/login"));

    Poco::JSON::Object::Ptr doc = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    doc->set("openapi", std::string("3.1.0"));
    doc->set("info", info);
    doc->set("paths", pathsObject);
    doc->set("components", components);
    std::ostringstream out;
    doc->stringify(out);
    return out.str();
}

}  // namespace crm
