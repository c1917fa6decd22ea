#include "openapi/OperationInput.h"

#include "openapi/FieldSchema.h"

namespace crm {
namespace {

Poco::JSON::Object::Ptr parameter(const FieldSpec& f, const std::string& in) {
    Poco::JSON::Object::Ptr p = new Poco::JSON::Object;
    p->set("name", f.name);
    p->set("in", in);
    p->set("required", in == "path" || f.required);
    p->set("schema", fieldSchema(f));
    return p;
}

}  // namespace

Poco::JSON::Array::Ptr operationParameters(const Route& route) {
    const RouteSchema& schema = route.schema;
    Poco::JSON::Array::Ptr params = new Poco::JSON::Array;
    for (const auto& f : schema.path) params->add(parameter(f, "path"));
    for (const auto& f : schema.query) params->add(parameter(f, "query"));
    if (schema.paginated) {
        auto page = FieldSpec::named("page", FieldType::Integer);
        page.minimum = 1;
        auto size = FieldSpec::named("page_size", FieldType::Integer);
        size.minimum = 1;
        size.maximum = 200;
        params->add(parameter(page, "query"));
        params->add(parameter(size, "query"));
    }
    if (schema.keyset) {
        // Opaque to clients: the next_after of the page before (docs/pagination.md).
        auto after = FieldSpec::named("after");
        after.minLength = 1;
        after.maxLength = kMaxCursorLength;
        params->add(parameter(after, "query"));
    }
    if (!schema.sortFields.empty()) {
        auto sort = FieldSpec::named("sort", FieldType::Enum);
        for (const auto& f : schema.sortFields) {
            sort.values.push_back(f);
            sort.values.push_back("-" + f);
        }
        params->add(parameter(sort, "query"));
    }
    if (schema.responses.ifMatch) {
        // The ETag a GET answered; without it the last write wins (API.md, Concurrency).
        auto ifMatch = FieldSpec::named("If-Match");
        params->add(parameter(ifMatch, "header"));
    }
    return params;
}

Poco::JSON::Object::Ptr operationRequestBody(const Route& route) {
    if (!route.schema.hasBody) return nullptr;
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
    if (route.schema.acceptsForm) content->set("application/x-www-form-urlencoded", json);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("content", content);
    return body;
}

}  // namespace crm
