#include "openapi/SecuritySchemes.h"

namespace crm {

Poco::JSON::Object::Ptr securitySchemes(const std::string& tokenUrl) {
    Poco::JSON::Object::Ptr bearer = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    bearer->set("type", std::string("http"));
    bearer->set("scheme", std::string("bearer"));
    bearer->set("bearerFormat", std::string("JWT"));

    Poco::JSON::Object::Ptr password = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    password->set("tokenUrl", tokenUrl);
    // Roles, not scopes, decide what a token may do (x-permission).
    password->set("scopes", Poco::JSON::Object::Ptr(new Poco::JSON::Object));
    Poco::JSON::Object::Ptr flows = new Poco::JSON::Object;
    flows->set("password", password);
    Poco::JSON::Object::Ptr oauth2 = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    oauth2->set("type", std::string("oauth2"));
    oauth2->set("flows", flows);

    Poco::JSON::Object::Ptr schemes = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    schemes->set("bearer", bearer);
    schemes->set("oauth2", oauth2);
    return schemes;
}

Poco::JSON::Array::Ptr operationSecurity(const Route& route) {
    Poco::JSON::Array::Ptr security = new Poco::JSON::Array;
    if (route.isPublic()) return security;
    for (const char* scheme : {"bearer", "oauth2"}) {
        Poco::JSON::Object::Ptr requirement = new Poco::JSON::Object;
        requirement->set(scheme, Poco::JSON::Array::Ptr(new Poco::JSON::Array));
        security->add(requirement);
    }
    return security;
}

}  // namespace crm
