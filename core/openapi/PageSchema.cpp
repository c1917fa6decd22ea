#include "openapi/PageSchema.h"

#include "openapi/JsonText.h"

#include <Poco/JSON/Array.h>

namespace crm {
namespace {

Poco::JSON::Object::Ptr typed(const std::string& type, bool nullable = false) {
    Poco::JSON::Object::Ptr s = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (!nullable) {
        s->set("type", type);
        return s;
    }
    Poco::JSON::Array::Ptr types = new Poco::JSON::Array;
    types->add(type);
    types->add(std::string("null"));
    s->set("type", types);
    return s;
}

}  // namespace

Poco::JSON::Object::Ptr pageSchema(const RouteResponses& declared, bool keyset) {
    auto items = typed("array");
    // Undeclared, an item may be anything (an empty schema).
    items->set("items", declared.items.empty() ? Poco::JSON::Object::Ptr(new Poco::JSON::Object) : parseSchemaText(declared.items));
    Poco::JSON::Object::Ptr properties = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr required = new Poco::JSON::Array;
    auto add = [&](const std::string& name, Poco::JSON::Object::Ptr schema) {
        properties->set(name, schema);
        required->add(name);
    };
    add("items", items);
    add("total", typed("integer"));
    add("page", typed("integer", keyset));
    add("page_size", typed("integer"));
    add("pages", typed("integer"));
    if (keyset) add("next_after", typed("string", true));
    for (const auto& [name, schema] : declared.envelope) add(name, parseSchemaText(schema));
    auto page = typed("object");
    page->set("required", required);
    page->set("properties", properties);
    return page;
}

}  // namespace crm
