// The query parser and parameter validator: a route schema (the first
// line) and a request target (the rest, "/api/v2/customers/7?page=2"),
// split and decoded as the pipeline does, then checked against the schema's
// path and query parameters. Each declared path parameter gets the
// target's last path segment, as the router would hand one over.
//
// A schema may be refused (std::invalid_argument) and a target answered
// 400 (HttpError); any other exception would be the server's 500 and a
// logged bug, so it escapes and counts as a crash.

#include "SchemaInput.h"

#include "api/Router.h"
#include "http/RequestTarget.h"
#include "validation/Validator.h"

using namespace crm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto input = fuzz::schemaInput(data, size);
    if (!input) return fuzz::kRejected;
    const RouteSchema& schema = input->schema;
    auto parsed = fuzz::unlessRefused([&] { return RequestTarget::parse(input->rest); });
    if (!parsed) return 0;
    Request request;
    request.path = parsed->path;
    request.query = parsed->query;
    auto segments = Router::split(request.path);
    for (const auto& spec : schema.path) request.pathParams.emplace_back(spec.name, segments.empty() ? "1" : segments.back());

    if (!Validator::checkParameters(schema, request).empty()) return 0;  // the client's 422
    if (request.page < 1 || request.pageSize < 1 || request.pageSize > 200)
        fuzz::broken("a valid request has a page of at least 1 and 1 to 200 rows");
    // Handlers read the normalised values: checking them again must pass
    // and change nothing.
    Request again = request;
    if (!Validator::checkParameters(schema, again).empty() || again.query != request.query ||
        again.pathParams != request.pathParams || again.page != request.page || again.pageSize != request.pageSize)
        fuzz::broken("checking normalised parameters again changes nothing");
    return 0;
}
