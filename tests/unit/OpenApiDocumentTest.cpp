#include "openapi/OpenApiDocument.h"

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using crm::Route;
using crm::RouteSchema;

// The document's rules that no running server shows: component names are
// registrations, $refs must land, and declared statuses shape responses.
class OpenApiDocumentTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OpenApiDocumentTest);
    CPPUNIT_TEST(sameComponentFromTwoPluginsIsAccepted);
    CPPUNIT_TEST(differentComponentUnderOneNameIsRefused);
    CPPUNIT_TEST(referenceToUndeclaredComponentIsRefused);
    CPPUNIT_TEST(routeWithoutResponseSchemaGetsItsStatuses);
    CPPUNIT_TEST(declaredSuccessStatusAndErrorsAreListed);
    CPPUNIT_TEST(malformedResponseKeysAreRefused);
    CPPUNIT_TEST_SUITE_END();

    static Route route(const std::string& method, const std::string& path, const std::string& owner,
                       const std::string& schema, const std::string& permission = "things:read") {
        Route r;
        r.method = method;
        r.path = path;
        r.permission = permission;
        r.owner = owner;
        r.schema = RouteSchema::parse(schema);
        return r;
    }

    static Poco::JSON::Object::Ptr document(const std::deque<Route>& routes) {
        return Poco::JSON::Parser().parse(crm::openApiDocument(routes, "1.0", "/api/v2")).extract<Poco::JSON::Object::Ptr>();
    }

    static std::string refused(const std::deque<Route>& routes) {
        try {
            crm::openApiDocument(routes, "1.0", "/api/v2");
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        CPPUNIT_FAIL("the document was built");
        return "";
    }

    static Poco::JSON::Object::Ptr responses(const Poco::JSON::Object::Ptr& doc, const std::string& path,
                                             const std::string& method) {
        return doc->getObject("paths")->getObject(path)->getObject(method)->getObject("responses");
    }

public:
    void sameComponentFromTwoPluginsIsAccepted() {
        // The same schema, its keys in another order, is the same component.
        auto doc = document({route("GET", "/api/v2/a", "one", R"({"schemas": {"Thing": {"type": "object", "required": ["id"]}}})"),
                             route("GET", "/api/v2/b", "two", R"({"schemas": {"Thing": {"required": ["id"], "type": "object"}}})")});
        CPPUNIT_ASSERT(doc->getObject("components")->getObject("schemas")->has("Thing"));
    }

    void differentComponentUnderOneNameIsRefused() {
        auto message = refused({route("GET", "/api/v2/a", "one", R"({"schemas": {"Thing": {"type": "object"}}})"),
                                route("GET", "/api/v2/b", "two", R"({"schemas": {"Thing": {"type": "string"}}})")});
        CPPUNIT_ASSERT_MESSAGE(message, message.find("Thing") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(message, message.find("one") != std::string::npos && message.find("two") != std::string::npos);
        // Nor can a plugin redefine the core's own.
        message = refused({route("GET", "/api/v2/a", "one", R"({"schemas": {"Error": {"type": "string"}}})")});
        CPPUNIT_ASSERT_MESSAGE(message, message.find("core") != std::string::npos);
    }

    void referenceToUndeclaredComponentIsRefused() {
        auto message = refused({route("GET", "/api/v2/a", "one", R"({"responses": {"200": {"$ref": "#/components/schemas/Nobody"}}})")});
        CPPUNIT_ASSERT_MESSAGE(message, message.find("Nobody") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(message, message.find("GET /api/v2/a") != std::string::npos);
    }

    void routeWithoutResponseSchemaGetsItsStatuses() {
        auto doc = document({route("POST", "/api/v2/things/{id}", "one",
                                   R"({"path": {"id": {"type": "integer"}}, "body": {"name": {"type": "string"}}})", "things:write")});
        auto r = responses(doc, "/api/v2/things/{id}", "post");
        for (const char* status : {"200", "201", "202", "400", "401", "403", "404", "409", "413", "415", "422", "503"})
            CPPUNIT_ASSERT_MESSAGE(status, r->has(status));
        CPPUNIT_ASSERT(!r->has("412"));
        CPPUNIT_ASSERT_EQUAL(std::string("#/components/responses/ValidationFailed"), r->getObject("422")->getValue<std::string>("$ref"));
        auto success = r->getObject("200")->getObject("content")->getObject("application/json")->getObject("schema");
        CPPUNIT_ASSERT_EQUAL(std::string("object"), success->getValue<std::string>("type"));
    }

    void declaredSuccessStatusAndErrorsAreListed() {
        auto doc = document({route("DELETE", "/api/v2/things/{id}", "one", R"({"path": {"id": {"type": "integer"}}, "status": 204})", "PUBLIC"),
                             route("PATCH", "/api/v2/things/{id}", "one",
                                   R"({"path": {"id": {"type": "integer"}}, "if_match": true, "uses_database": false,
                                       "responses": {"200": {"type": "string"}, "429": {"$ref": "#/components/schemas/Error"}}})")});
        auto removed = responses(doc, "/api/v2/things/{id}", "delete");
        CPPUNIT_ASSERT(removed->has("204") && !removed->getObject("204")->has("content"));
        CPPUNIT_ASSERT(!removed->has("200") && !removed->has("401"));  // public
        auto patched = responses(doc, "/api/v2/things/{id}", "patch");
        CPPUNIT_ASSERT(patched->has("412") && patched->has("429") && !patched->has("503"));
        CPPUNIT_ASSERT_EQUAL(std::string("#/components/responses/TooManyRequests"), patched->getObject("429")->getValue<std::string>("$ref"));
    }

    void malformedResponseKeysAreRefused() {
        for (const char* schema : {R"({"responses": {"ok": {}}})", R"({"responses": {"200": 5}})", R"({"status": 404})",
                                   R"({"items": {"type": "object"}})", R"({"schemas": {"a/b": {}}})",
                                   R"({"status": 204, "responses": {"204": {}}})"})
            CPPUNIT_ASSERT_THROW_MESSAGE(schema, RouteSchema::parse(schema), std::invalid_argument);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OpenApiDocumentTest);
