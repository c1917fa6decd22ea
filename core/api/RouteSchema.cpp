#include "api/RouteSchema.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <map>
#include <stdexcept>

namespace crm {
namespace {

const std::map<std::string, FieldType> kTypes = {
    {"integer", FieldType::Integer}, {"string", FieldType::String},          {"email", FieldType::Email},
    {"boolean", FieldType::Boolean}, {"date", FieldType::Date},              {"time", FieldType::Time},
    {"enum", FieldType::Enum},       {"enum_list", FieldType::EnumList},     {"string_array", FieldType::StringArray},
    {"color", FieldType::Color},     {"object", FieldType::Object},
};

std::vector<FieldSpec> fields(const Poco::JSON::Object::Ptr& parent, const std::string& section,
                              const std::string& prefix = "") {
    std::vector<FieldSpec> specs;
    if (!parent->has(section)) return specs;
    auto object = parent->getObject(section);
    if (!object) throw std::invalid_argument("schema: '" + section + "' must be an object");
    for (const auto& name : object->getNames()) {
        auto def = object->getObject(name);
        if (!def) throw std::invalid_argument("schema: " + section + "." + name + " must be an object");
        FieldSpec spec;
        spec.name = prefix + name;
        std::string type = def->optValue<std::string>("type", "string");
        auto it = kTypes.find(type);
        if (it == kTypes.end()) throw std::invalid_argument("schema: " + section + "." + name + ": unknown type '" + type + "'");
        spec.type = it->second;
        spec.required = def->optValue<bool>("required", false);
        spec.nullable = def->optValue<bool>("nullable", false);
        spec.trim = def->optValue<bool>("trim", true);
        spec.multiline = def->optValue<bool>("multiline", false);
        if (def->has("minimum")) spec.minimum = def->getValue<int64_t>("minimum");
        if (def->has("maximum")) spec.maximum = def->getValue<int64_t>("maximum");
        if (def->has("minLength")) spec.minLength = def->getValue<std::size_t>("minLength");
        if (def->has("maxLength")) spec.maxLength = def->getValue<std::size_t>("maxLength");
        if (def->has("maxItems")) spec.maxItems = def->getValue<std::size_t>("maxItems");
        if (auto values = def->getArray("values"))
            for (std::size_t i = 0; i < values->size(); ++i) spec.values.push_back(values->getElement<std::string>(i));
        if (spec.type == FieldType::Object) spec.properties = fields(def, "properties", spec.name + ".");
        if ((spec.type == FieldType::Enum || spec.type == FieldType::EnumList) && spec.values.empty())
            throw std::invalid_argument("schema: " + section + "." + name + ": an enum needs values");
        specs.push_back(spec);
    }
    return specs;
}

}  // namespace

RouteSchema RouteSchema::parse(const std::string& json) {
    RouteSchema schema;
    if (json.empty()) return schema;
    Poco::JSON::Object::Ptr root;
    try {
        // Keep declaration order: 422 entries list problems in that order.
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        root = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("schema is not a JSON object: " + e.displayText());
    }
    try {
        schema.path = fields(root, "path");
        schema.query = fields(root, "query");
        schema.body = fields(root, "body");
        schema.hasBody = root->has("body");
        schema.acceptsForm = root->optValue<bool>("form", false);
        schema.paginated = root->optValue<bool>("paginated", false);
        schema.keyset = root->optValue<bool>("keyset", false);
        if (schema.keyset && !schema.paginated) throw std::invalid_argument("schema: \"keyset\" needs \"paginated\": true");
        if (auto when = root->getArray("long_read")) {
            for (std::size_t i = 0; i < when->size(); ++i) schema.longReadWhen.push_back(when->getElement<std::string>(i));
        } else {
            schema.longRead = root->optValue<bool>("long_read", false);
        }
        if (auto sort = root->getArray("sort"))
            for (std::size_t i = 0; i < sort->size(); ++i) schema.sortFields.push_back(sort->getElement<std::string>(i));
        schema.responses = RouteResponses::parse(*root, schema.paginated);
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("schema: " + e.displayText());
    }
    return schema;
}

}  // namespace crm
