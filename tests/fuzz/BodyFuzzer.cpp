// The body validator: a route schema (the first line) and a JSON request
// body (the rest), through what the pipeline does with them: the schema
// parsed as at registration, the body parsed under the default nesting
// limit, then normalised against the schema.
//
// A schema may be refused (std::invalid_argument, as registration refuses
// it) and a body answered 400 (HttpError); any other exception would be the
// server's 500 and a logged bug, so it escapes and counts as a crash.

#include "SchemaInput.h"

#include "api/JsonBody.h"
#include "validation/Validator.h"

#include <Poco/JSON/Parser.h>

using namespace crm;

namespace {

constexpr int kDefaultMaxDepth = 32;  // HTTP_MAX_JSON_DEPTH's default

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto input = fuzz::schemaInput(data, size);
    if (!input) return fuzz::kRejected;
    const RouteSchema& schema = input->schema;
    std::vector<ValidationIssue> issues;
    auto parsed = fuzz::unlessRefused([&] { return parseJsonBody(input->rest, kDefaultMaxDepth, issues); });
    if (!parsed) return 0;
    Poco::JSON::Object::Ptr object = *parsed;
    if (!object) {
        if (issues.empty()) fuzz::broken("a body that is not an object comes with an issue");
        return 0;
    }
    std::string normalised = Validator::normaliseBody(schema, *object, issues);
    if (!issues.empty()) return 0;  // the client's 422

    // Handlers parse the normalised body again (bodyObject): it must be an
    // object, and valid as it stands, or a handler would see what the
    // validator never approved.
    Poco::JSON::Object::Ptr again = Poco::JSON::Parser().parse(normalised).extract<Poco::JSON::Object::Ptr>();
    if (Validator::normaliseBody(schema, *again, issues) != normalised || !issues.empty())
        fuzz::broken("normalising a normalised body changes nothing");
    return 0;
}
