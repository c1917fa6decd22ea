#include "openapi/FieldSchema.h"

#include <Poco/JSON/Array.h>

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

}  // namespace

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
        if (f.nullable) values->add(Poco::Dynamic::Var());  // null is one of the values too
        s->set("enum", values);
    }
    return s;
}

}  // namespace crm
