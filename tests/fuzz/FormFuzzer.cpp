// The form parser: a route schema (the first line) and an
// application/x-www-form-urlencoded body (the rest), read into an object as
// the pipeline reads one and normalised against the schema.
//
// A schema may be refused (std::invalid_argument) and a form answered 400
// (HttpError); any other exception would be the server's 500 and a logged
// bug, so it escapes and counts as a crash.

#include "SchemaInput.h"

#include "http/FormBody.h"
#include "validation/Validator.h"

#include <Poco/JSON/Parser.h>

using namespace crm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto input = fuzz::schemaInput(data, size);
    if (!input) return fuzz::kRejected;
    auto parsed = fuzz::unlessRefused([&] { return formBodyObject(input->rest); });
    if (!parsed) return 0;
    const Poco::JSON::Object& form = **parsed;
    for (const auto& name : form.getNames())
        if (!form.get(name).isString()) fuzz::broken("every value of a form is a string");
    std::vector<ValidationIssue> issues;
    std::string normalised = Validator::normaliseBody(input->schema, form, issues);
    // What handlers parse again (bodyObject) must be a JSON object.
    if (issues.empty()) Poco::JSON::Parser().parse(normalised).extract<Poco::JSON::Object::Ptr>();
    return 0;
}
