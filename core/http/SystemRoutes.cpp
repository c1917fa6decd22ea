#include "http/SystemRoutes.h"

#include "db/Database.h"
#include "http/ErrorBody.h"
#include "http/Router.h"
#include "plugins/PluginHost.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/String.h>

#include <map>
#include <sstream>

namespace crm {
namespace {

const char* typeName(FieldType type) {
    switch (type) {
    case FieldType::Integer: return "integer";
    case FieldType::Boolean: return "boolean";
    case FieldType::StringArray: return "array";
    case FieldType::Object: return "object";
    default: return "string";
    }
}

Poco::JSON::Object::Ptr fieldSchema(const FieldSpec& f) {
    Poco::JSON::Object::Ptr s = new Poco::JSON::Object;
    if (f.nullable) {
        Poco::JSON::Array::Ptr types = new Poco::JSON::Array;
        types->add(std::string(typeName(f.type)));
        types->add(std::string("null"));
        s->set("type", types);
    } else {
        s->set("type", std::string(typeName(f.type)));
    }
    if (f.type == FieldType::Date) s->set("format", std::string("date"));
    if (f.type == FieldType::Time) s->set("format", std::string("time"));
    if (f.type == FieldType::Email) s->set("format", std::string("email"));
    if (f.minimum) s->set("minimum", *f.minimum);
    if (f.maximum) s->set("maximum", *f.maximum);
    if (f.type == FieldType::Color) s->set("pattern", std::string("^#[0-9A-Fa-f]{6}$"));
    // A string array's length bounds are each item's (RouteSchema.h).
    Poco::JSON::Object::Ptr bounded = s;
    if (f.type == FieldType::StringArray) {
        bounded = new Poco::JSON::Object;
        bounded->set("type", std::string("string"));
        s->set("items", bounded);
        if (f.maxItems) s->set("maxItems", *f.maxItems);
    }
    if (f.minLength) bounded->set("minLength", *f.minLength);
    if (f.maxLength) bounded->set("maxLength", *f.maxLength);
    if (f.type == FieldType::Object) {
        Poco::JSON::Object::Ptr properties = new Poco::JSON::Object;
        Poco::JSON::Array::Ptr required = new Poco::JSON::Array;
        for (const auto& property : f.properties) {
            std::string key = property.name.substr(f.name.size() + 1);  // declared as "parent.child"
            properties->set(key, fieldSchema(property));
            if (property.required) required->add(key);
        }
        s->set("properties", properties);
        s->set("required", required);
    }
    if (f.type == FieldType::Enum) {
        Poco::JSON::Array::Ptr values = new Poco::JSON::Array;
        for (const auto& v : f.values) values->add(v);
        s->set("enum", values);
    }
    return s;
}

Poco::JSON::Object::Ptr parameter(const FieldSpec& f, const std::string& in) {
    Poco::JSON::Object::Ptr p = new Poco::JSON::Object;
    p->set("name", f.name);
    p->set("in", in);
    p->set("required", in == "path" || f.required);
    p->set("schema", fieldSchema(f));
    return p;
}

}  // namespace

void SystemRoutes::registerIn(Router& router, const std::string& prefix) {
    router.add({"GET", "/health", "PUBLIC", "core", "Liveness and database reachability", RouteSchema(),
                [this](Request& rq, Response& rs) { return health(rq, rs); }});
    router.add({"GET", prefix + "/openapi.json", "PUBLIC", "core", "This API's OpenAPI document", RouteSchema(),
                [this](Request& rq, Response& rs) { return openApi(rq, rs); }});
}

int SystemRoutes::health(Request&, Response& response) {
    if (!database_.reachable()) {
        response.json(R"({"status": "unhealthy", "database": "unreachable"})", 503);
        return CRM_OK;
    }
    std::string plugins;
    for (const auto& p : plugins_.plugins())
        plugins += (plugins.empty() ? "" : ", ") + std::string("{\"id\": ") + jsonString(p->manifest.id) +
                   ", \"version\": " + jsonString(p->manifest.version) + "}";
    response.json("{\"status\": \"healthy\", \"database\": \"connected\", \"version\": " + jsonString(version_) +
                  ", \"plugins\": [" + plugins + "]}");
    return CRM_OK;
}

std::string SystemRoutes::openApiDocument() const {
    Poco::JSON::Object::Ptr doc = new Poco::JSON::Object;
    doc->set("openapi", std::string("3.1.0"));
    Poco::JSON::Object::Ptr info = new Poco::JSON::Object;
    info->set("title", std::string("crm-server"));
    info->set("version", version_);
    doc->set("info", info);

    std::map<std::string, Poco::JSON::Object::Ptr> paths;
    for (const auto& route : router_.routes()) {
        auto& item = paths[route.path];
        if (!item) item = new Poco::JSON::Object;
        Poco::JSON::Object::Ptr op = new Poco::JSON::Object;
        op->set("summary", route.summary);
        op->set("x-permission", route.permission);
        op->set("x-plugin", route.owner);
        Poco::JSON::Array::Ptr security = new Poco::JSON::Array;
        if (!route.isPublic()) {
            Poco::JSON::Object::Ptr bearer = new Poco::JSON::Object;
            bearer->set("bearer", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
            security->add(bearer);
        }
        op->set("security", security);
        Poco::JSON::Array::Ptr params = new Poco::JSON::Array;
        for (const auto& f : route.schema.path) params->add(parameter(f, "path"));
        for (const auto& f : route.schema.query) params->add(parameter(f, "query"));
        if (route.schema.paginated) {
            auto page = FieldSpec::named("page", FieldType::Integer);
            page.minimum = 1;
            auto size = FieldSpec::named("page_size", FieldType::Integer);
            size.minimum = 1;
            size.maximum = 200;
            params->add(parameter(page, "query"));
            params->add(parameter(size, "query"));
        }
        if (route.schema.keyset) {
            // Opaque to clients: the next_after of the page before (docs/pagination.md).
            auto after = FieldSpec::named("after");
            after.minLength = 1;
            after.maxLength = kMaxCursorLength;
            params->add(parameter(after, "query"));
        }
        if (!route.schema.sortFields.empty()) {
            auto sort = FieldSpec::named("sort", FieldType::Enum);
            for (const auto& f : route.schema.sortFields) {
                sort.values.push_back(f);
                sort.values.push_back("-" + f);
            }
            params->add(parameter(sort, "query"));
        }
        op->set("parameters", params);
        if (route.schema.hasBody) {
            Poco::JSON::Object::Ptr schema = new Poco::JSON::Object;
            schema->set("type", std::string("object"));
            Poco::JSON::Object::Ptr properties = new Poco::JSON::Object;
            Poco::JSON::Array::Ptr required = new Poco::JSON::Array;
            for (const auto& f : route.schema.body) {
                properties->set(f.name, fieldSchema(f));
                if (f.required) required->add(f.name);
            }
            schema->set("properties", properties);
            schema->set("required", required);
            Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
            json->set("schema", schema);
            Poco::JSON::Object::Ptr content = new Poco::JSON::Object;
            content->set("application/json", json);
            Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
            body->set("content", content);
            op->set("requestBody", body);
        }
        item->set(Poco::toLower(route.method), op);
    }
    Poco::JSON::Object::Ptr pathsObject = new Poco::JSON::Object;
    for (const auto& [path, item] : paths) pathsObject->set(path, item);
    doc->set("paths", pathsObject);

    Poco::JSON::Object::Ptr scheme = new Poco::JSON::Object;
    scheme->set("type", std::string("http"));
    scheme->set("scheme", std::string("bearer"));
    scheme->set("bearerFormat", std::string("JWT"));
    Poco::JSON::Object::Ptr schemes = new Poco::JSON::Object;
    schemes->set("bearer", scheme);
    Poco::JSON::Object::Ptr components = new Poco::JSON::Object;
    components->set("securitySchemes", schemes);
    doc->set("components", components);

    std::ostringstream out;
    doc->stringify(out);
    return out.str();
}

int SystemRoutes::openApi(Request&, Response& response) {
    response.json(openApiDocument());
    return CRM_OK;
}

}  // namespace crm
