#include "api/RouteResponses.h"

#include <Poco/JSON/Object.h>

#include <cctype>
#include <sstream>
#include <stdexcept>

namespace crm {
namespace {

std::string text(const Poco::JSON::Object& schema) {
    std::ostringstream out;
    schema.stringify(out);
    return out.str();
}

Poco::JSON::Object::Ptr schemaAt(const Poco::JSON::Object& parent, const std::string& key, const std::string& where) {
    auto schema = parent.getObject(key);
    if (!schema) throw std::invalid_argument("schema: " + where + " must be a JSON Schema object");
    return schema;
}

// Named schemas become "#/components/schemas/<name>": the name must be one
// a JSON pointer and every client generator take as it is.
bool componentName(const std::string& name) {
    if (name.empty() || name.size() > 100) return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
    return true;
}

int statusCode(const std::string& key) {
    if (key.size() != 3 || !std::isdigit(static_cast<unsigned char>(key[0])) ||
        !std::isdigit(static_cast<unsigned char>(key[1])) || !std::isdigit(static_cast<unsigned char>(key[2])))
        throw std::invalid_argument("schema: responses." + key + ": a key must be an HTTP status, e.g. \"200\"");
    int code = std::stoi(key);
    if (code < 200 || code > 599) throw std::invalid_argument("schema: responses." + key + " is not a status a handler answers");
    return code;
}

std::vector<std::pair<std::string, std::string>> namedSchemas(const Poco::JSON::Object& root, const std::string& key) {
    std::vector<std::pair<std::string, std::string>> named;
    if (!root.has(key)) return named;
    auto object = root.getObject(key);
    if (!object) throw std::invalid_argument("schema: '" + key + "' must be an object");
    for (const auto& name : object->getNames()) {
        if (key == "schemas" && !componentName(name))
            throw std::invalid_argument("schema: schemas." + name + ": a component name has only letters, digits, '.', '_' and '-'");
        named.emplace_back(name, text(*schemaAt(*object, name, key + "." + name)));
    }
    return named;
}

}  // namespace

RouteResponses RouteResponses::parse(const Poco::JSON::Object& root, bool paginated) {
    RouteResponses declared;
    if (root.has("responses")) {
        auto responses = root.getObject("responses");
        if (!responses) throw std::invalid_argument("schema: 'responses' must be an object");
        for (const auto& key : responses->getNames())
            declared.bodies[statusCode(key)] = text(*schemaAt(*responses, key, "responses." + key));
    }
    if (root.has("status")) {
        declared.status = root.getValue<int>("status");
        declared.statusDeclared = true;
        if (declared.status < 200 || declared.status > 299)
            throw std::invalid_argument("schema: \"status\" is the success status, 200 to 299");
    } else {
        // One declared success body names its status by itself.
        int successes = 0;
        for (const auto& [code, body] : declared.bodies)
            if (code < 300 && ++successes == 1) declared.status = code;
        declared.statusDeclared = successes == 1;
        if (successes > 1) throw std::invalid_argument("schema: several success responses: say which one with \"status\"");
    }
    if (declared.status == 204 && declared.bodies.count(204))
        throw std::invalid_argument("schema: a 204 answer has no body to declare");
    if (root.has("items")) declared.items = text(*schemaAt(root, "items", "items"));
    declared.envelope = namedSchemas(root, "envelope");
    if ((!declared.items.empty() || !declared.envelope.empty()) && !paginated)
        throw std::invalid_argument("schema: \"items\" and \"envelope\" describe a page: they need \"paginated\": true");
    if (paginated && declared.bodies.count(declared.status))
        throw std::invalid_argument("schema: a paginated route answers the page envelope: declare \"items\", not its success body");
    declared.components = namedSchemas(root, "schemas");
    declared.mediaType = root.optValue<std::string>("media_type", declared.mediaType);
    declared.ifMatch = root.optValue<bool>("if_match", false);
    declared.usesDatabase = root.optValue<bool>("uses_database", true);
    return declared;
}

}  // namespace crm
