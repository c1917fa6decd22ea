#include "api/JsonBody.h"

#include "api/HttpError.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>

namespace crm {
namespace {

// Deepest nesting of arrays and objects, counted without parsing.
int jsonDepth(const std::string& text) {
    int depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

bool isJsonScalar(const std::string& text) {
    try {
        Poco::JSON::Parser().parse("[" + text + "]");
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

}  // namespace

Poco::JSON::Object::Ptr parseJsonBody(const std::string& raw, int maxDepth, std::vector<ValidationIssue>& issues) {
    if (jsonDepth(raw) > maxDepth)
        throw HttpError(400, "Request body nests JSON deeper than " + std::to_string(maxDepth) + " levels");
    Poco::Dynamic::Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(raw);
    } catch (const Poco::Exception&) {
        // POCO's parser wants an object or array at the top; a bare
        // string or number is still valid JSON, just the wrong shape.
        if (!isJsonScalar(raw)) throw HttpError(400, "Request body is not valid JSON");
        parsed = Poco::Dynamic::Var("scalar");
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
        issues.push_back({"body", "", "Input should be a valid dictionary or object to extract fields from", "model_attributes_type"});
        return nullptr;
    }
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr bodyObject(const Request& request) {
    if (request.body.empty()) return new Poco::JSON::Object;
    return Poco::JSON::Parser().parse(request.body).extract<Poco::JSON::Object::Ptr>();
}

std::optional<std::string> optionalString(const Poco::JSON::Object::Ptr& body, const std::string& name) {
    if (!body->has(name) || body->isNull(name)) return std::nullopt;
    return body->getValue<std::string>(name);
}

}  // namespace crm
