#include "openapi/ErrorResponses.h"

#include <Poco/JSON/Array.h>

#include <map>
#include <stdexcept>
#include <string>

namespace crm {
namespace {

struct ErrorAnswer {
    const char* name;
    const char* description;
    const char* schema;  // Error or ValidationError
    const char* header;  // one that always comes with it, or nullptr
};

const std::map<int, ErrorAnswer> kErrors = {
    {400, {"BadRequest", "The body or the request line is malformed (not JSON, bad percent-encoding, bad framing)", "Error", nullptr}},
    {401, {"NotAuthenticated", "No token, or one that is invalid, expired or revoked", "Error", "WWW-Authenticate"}},
    {403, {"Forbidden", "The caller's role lacks the permission", "Error", nullptr}},
    {404, {"NotFound", "No such resource; the detail names it", "Error", nullptr}},
    {409, {"Conflict", "Conflicts with the current state; the detail says what to do", "Error", nullptr}},
    {412, {"PreconditionFailed", "If-Match names a version that is no longer current; reload it", "Error", nullptr}},
    {413, {"PayloadTooLarge", "The body is longer than the server accepts", "Error", nullptr}},
    {415, {"UnsupportedMediaType", "The body is not application/json (or a form, where one is accepted)", "Error", nullptr}},
    {422, {"ValidationFailed", "A parameter or body field is invalid: one entry per problem", "ValidationError", nullptr}},
    {429, {"TooManyRequests", "Rate limited; retry after the seconds Retry-After says", "Error", "Retry-After"}},
    {503, {"Unavailable", "The database is unreachable or busy; retry after the seconds Retry-After says", "Error", "Retry-After"}},
};

Poco::JSON::Object::Ptr object(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> members) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [key, value] : members) o->set(key, value);
    return o;
}

Poco::JSON::Object::Ptr ref(const std::string& where, const std::string& name) {
    return object({{"$ref", "#/components/" + where + "/" + name}});
}

Poco::JSON::Array::Ptr list(std::initializer_list<std::string> items) {
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
    for (const auto& item : items) a->add(item);
    return a;
}

Poco::JSON::Object::Ptr response(const ErrorAnswer& answer) {
    auto r = object({{"description", std::string(answer.description)},
                     {"content", object({{"application/json", object({{"schema", ref("schemas", answer.schema)}})}})}});
    if (answer.header) {
        auto schema = object({{"type", std::string(std::string(answer.header) == "Retry-After" ? "integer" : "string")}});
        r->set("headers", object({{answer.header, object({{"schema", schema}})}}));
    }
    return r;
}

}  // namespace

Poco::JSON::Object::Ptr errorResponseComponents() {
    Poco::JSON::Object::Ptr responses = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [status, answer] : kErrors) responses->set(answer.name, response(answer));
    return responses;
}

bool hasErrorResponse(int status) { return kErrors.count(status) > 0; }

Poco::JSON::Object::Ptr errorResponseRef(int status) {
    auto it = kErrors.find(status);
    if (it == kErrors.end()) throw std::logic_error("no shared error response for status " + std::to_string(status));
    return ref("responses", it->second.name);
}

Poco::JSON::Object::Ptr errorSchemaComponents() {
    auto text = object({{"type", std::string("string")}});
    auto error = object({{"type", std::string("object")},
                         {"required", list({"detail"})},
                         {"properties", object({{"detail", text}})}});
    // loc: where ("body", "query" or "path"), then the field's path.
    auto issue = object({{"type", std::string("object")},
                         {"required", list({"loc", "msg", "type"})},
                         {"properties", object({{"loc", object({{"type", std::string("array")}, {"items", text}})},
                                                {"msg", text},
                                                {"type", text}})}});
    auto validation = object({{"type", std::string("object")},
                              {"required", list({"detail"})},
                              {"properties", object({{"detail", object({{"type", std::string("array")}, {"items", issue}})}})}});
    return object({{"Error", error}, {"ValidationError", validation}});
}

}  // namespace crm
