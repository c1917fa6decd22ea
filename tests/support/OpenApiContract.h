#pragma once

// Holds the server to its own OpenAPI document: TestClient checks every
// answer against the operation the document gives for its method and path.
// A status the operation does not list, or a JSON body its schema refuses,
// throws std::logic_error naming the request, the status and the field.
// Paths or methods the document lacks (an unknown path's 404, a 405,
// OPTIONS) are not the document's to describe and pass.
// The schema check is the subset of JSON Schema the document uses: type
// (with "null" in a list), enum, properties, required, additionalProperties
// false, items, anyOf, minimum/maximum, and $ref to components.

#include "support/TestClient.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace crmtest {

class OpenApiContract {
public:
    // The document of the server at host:port, fetched once per process;
    // nullptr when it cannot be had (the server is down: nothing to check).
    static const OpenApiContract* of(const std::string& host, unsigned short port);

    void check(const std::string& method, const std::string& target, const HttpResult& result) const;

private:
    explicit OpenApiContract(Poco::JSON::Object::Ptr document) : document_(std::move(document)) {}

    Poco::JSON::Object::Ptr operation(const std::string& method, const std::string& target, std::string& path) const;
    Poco::JSON::Object::Ptr resolve(Poco::JSON::Object::Ptr node) const;
    // The first way `value` breaks `schema`, or "" when it does not.
    std::string problem(Poco::JSON::Object::Ptr schema, const Poco::Dynamic::Var& value, const std::string& where) const;

    Poco::JSON::Object::Ptr document_;
};

}  // namespace crmtest
