#include "http/JsonBody.h"

#include <Poco/JSON/Parser.h>

namespace crm {

Poco::JSON::Object::Ptr bodyObject(const Request& request) {
    if (request.body.empty()) return new Poco::JSON::Object;
    return Poco::JSON::Parser().parse(request.body).extract<Poco::JSON::Object::Ptr>();
}

std::optional<std::string> optionalString(const Poco::JSON::Object::Ptr& body, const std::string& name) {
    if (!body->has(name) || body->isNull(name)) return std::nullopt;
    return body->getValue<std::string>(name);
}

}  // namespace crm
