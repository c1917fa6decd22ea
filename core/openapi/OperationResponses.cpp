#include "openapi/OperationResponses.h"

#include "openapi/ErrorResponses.h"
#include "openapi/JsonText.h"
#include "openapi/PageSchema.h"

#include <Poco/Net/HTTPResponse.h>

#include <set>
#include <vector>

namespace crm {
namespace {

const std::string kSharedError = R"({"$ref":"#/components/schemas/Error"})";

bool writes(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::set<int> errorStatuses(const Route& route) {
    const RouteSchema& s = route.schema;
    std::set<int> statuses;
    if (!route.isPublic()) statuses.insert({401, 403});
    // A plugin that declared nothing of its answers may still throw NotFound
    // (crm::NotFound needs no path parameter).
    bool undeclared = !s.responses.statusDeclared && s.responses.bodies.empty();
    if (!s.path.empty() || (undeclared && route.owner != "core")) statuses.insert(404);
    if (s.hasBody) statuses.insert({400, 413, 415});
    if (s.hasBody || !s.path.empty() || !s.query.empty() || s.paginated || !s.sortFields.empty()) statuses.insert(422);
    if (s.responses.ifMatch) statuses.insert(412);
    if (route.owner != "core" && writes(route.method)) statuses.insert(409);
    if (s.responses.usesDatabase) statuses.insert(503);
    return statuses;
}

std::string reason(int status) {
    return Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
}

Poco::JSON::Object::Ptr withBody(int status, const std::string& mediaType, Poco::JSON::Object::Ptr schema) {
    Poco::JSON::Object::Ptr media = new Poco::JSON::Object;
    media->set("schema", schema);
    Poco::JSON::Object::Ptr content = new Poco::JSON::Object;
    content->set(mediaType, media);
    Poco::JSON::Object::Ptr response = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    response->set("description", reason(status));
    response->set("content", content);
    return response;
}

// A route that never said which success it answers gets the ones a
// handler of its method may: a POST creates (201) or queues (202), a
// DELETE may answer no content.
std::vector<int> successStatuses(const Route& route) {
    const RouteResponses& declared = route.schema.responses;
    if (declared.statusDeclared) return {declared.status};
    if (route.method == "POST") return {200, 201, 202};
    if (route.method == "DELETE") return {200, 204};
    return {200};
}

Poco::JSON::Object::Ptr successResponse(const Route& route, int status) {
    const RouteResponses& declared = route.schema.responses;
    if (status == 204) {
        Poco::JSON::Object::Ptr empty = new Poco::JSON::Object;
        empty->set("description", reason(204));
        return empty;
    }
    Poco::JSON::Object::Ptr schema;
    if (route.schema.paginated) {
        schema = pageSchema(declared, route.schema.keyset);
    } else if (auto it = declared.bodies.find(declared.status); it != declared.bodies.end()) {
        schema = parseSchemaText(it->second);
    } else {
        schema = new Poco::JSON::Object;
        schema->set("type", std::string("object"));
    }
    return withBody(status, declared.mediaType, schema);
}

}  // namespace

Poco::JSON::Object::Ptr operationResponses(const Route& route) {
    const RouteResponses& declared = route.schema.responses;
    Poco::JSON::Object::Ptr responses = new Poco::JSON::Object;  // keys sorted: the statuses in order
    for (int status : successStatuses(route)) responses->set(std::to_string(status), successResponse(route, status));
    for (int status : errorStatuses(route)) responses->set(std::to_string(status), errorResponseRef(status));
    for (const auto& [status, body] : declared.bodies) {
        if (status == declared.status) continue;
        // A declared Error answer is the shared one, with its headers.
        if (canonicalSchemaText(body) == kSharedError && hasErrorResponse(status))
            responses->set(std::to_string(status), errorResponseRef(status));
        else
            responses->set(std::to_string(status), withBody(status, "application/json", parseSchemaText(body)));
    }
    return responses;
}

}  // namespace crm
