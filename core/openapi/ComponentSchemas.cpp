#include "openapi/ComponentSchemas.h"

#include "openapi/ErrorResponses.h"
#include "openapi/JsonText.h"

#include <Poco/JSON/Array.h>

#include <sstream>
#include <stdexcept>

namespace crm {
namespace {

const std::string kPrefix = "#/components/schemas/";
const std::string kSharedResponses = "#/components/responses/";

}  // namespace

ComponentSchemas::ComponentSchemas() {
    auto core = errorSchemaComponents();
    for (const auto& name : core->getNames()) {
        std::ostringstream text;
        core->getObject(name)->stringify(text);
        add(name, text.str(), "core");
    }
}

void ComponentSchemas::add(const std::string& name, const std::string& schemaText, const std::string& owner) {
    std::string canonical = canonicalSchemaText(schemaText);
    auto [it, added] = schemas_.emplace(name, Declared{canonical, schemaText, owner});
    if (added || it->second.canonical == canonical) return;
    throw std::invalid_argument("component schema " + name + " of " + owner + " differs from the one " +
                                it->second.owner + " declared; a name means one schema (rename one of them)");
}

void ComponentSchemas::requireDeclared(const Poco::Dynamic::Var& schema, const std::string& where) const {
    if (schema.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto object = schema.extract<Poco::JSON::Object::Ptr>();
        for (const auto& key : object->getNames()) {
            auto value = object->get(key);
            if (key == "$ref" && value.isString()) {
                std::string target = value.toString();
                if (target.rfind(kSharedResponses, 0) == 0) continue;  // the core's own (ErrorResponses.h)
                if (target.rfind(kPrefix, 0) != 0 || !schemas_.count(target.substr(kPrefix.size())))
                    throw std::invalid_argument(where + " refers to " + target +
                                                ", which no plugin declares under \"schemas\"");
            } else {
                requireDeclared(value, where);
            }
        }
    } else if (schema.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto array = schema.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < array->size(); ++i) requireDeclared(array->get(i), where);
    }
}

Poco::JSON::Object::Ptr ComponentSchemas::toJson() const {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    for (const auto& [name, declared] : schemas_) {
        auto schema = parseSchemaText(declared.text);
        requireDeclared(schema, "component schema " + name + " of " + declared.owner);
        out->set(name, schema);
    }
    return out;
}

}  // namespace crm
