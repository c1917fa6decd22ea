// The contract's conventions (API.md section 1) that every route shares.
#include "support/Assertions.h"
#include "support/TestClient.h"

using crmtest::TestClient;

class HttpConventionsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HttpConventionsTest);
    CPPUNIT_TEST(requestIdIsEchoedOrMinted);
    CPPUNIT_TEST(unknownPathIs404EvenWithoutToken);
    CPPUNIT_TEST(wrongMethodIs405WithAllow);
    CPPUNIT_TEST(allowedOriginGetsCorsHeadersOnErrorsToo);
    CPPUNIT_TEST(otherOriginGetsNoCorsHeaders);
    CPPUNIT_TEST(preflightNeedsNoToken);
    CPPUNIT_TEST(healthReportsDatabaseAndPlugins);
    CPPUNIT_TEST(outOfTreePluginIsServed);
    CPPUNIT_TEST(oversizedBodyIs413);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    const std::string origin = "http://localhost:5173";

public:
    void requestIdIsEchoedOrMinted() {
        auto echoed = client.request("GET", "/health", "", {{"X-Request-ID", "trace-abc.123"}});
        CPPUNIT_ASSERT_EQUAL(std::string("trace-abc.123"), echoed.header("X-Request-ID"));
        auto minted = client.request("GET", "/health");
        CPPUNIT_ASSERT_EQUAL(size_t(36), minted.header("X-Request-ID").size());
        auto unsafe = client.request("GET", "/health", "", {{"X-Request-ID", "bad id with spaces"}});
        CPPUNIT_ASSERT(unsafe.header("X-Request-ID") != "bad id with spaces");
    }

    void unknownPathIs404EvenWithoutToken() {
        auto r = client.request("GET", "/api/v2/no-such-thing");
        ASSERT_STATUS(404, r);
        CPPUNIT_ASSERT_EQUAL(std::string("Not Found"), r.detail());
    }

    void wrongMethodIs405WithAllow() {
        auto r = client.request("DELETE", "/api/v2/customers");
        ASSERT_STATUS(405, r);
        CPPUNIT_ASSERT_EQUAL(std::string("Method Not Allowed"), r.detail());
        CPPUNIT_ASSERT_EQUAL(std::string("GET, POST"), r.header("Allow"));
    }

    void allowedOriginGetsCorsHeadersOnErrorsToo() {
        auto r = client.request("GET", "/api/v2/customers", "", {{"Origin", origin}});
        ASSERT_STATUS(401, r);
        CPPUNIT_ASSERT_EQUAL(origin, r.header("Access-Control-Allow-Origin"));
        CPPUNIT_ASSERT_EQUAL(std::string("true"), r.header("Access-Control-Allow-Credentials"));
    }

    void otherOriginGetsNoCorsHeaders() {
        auto r = client.request("GET", "/health", "", {{"Origin", "http://evil.example"}});
        ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT(r.header("Access-Control-Allow-Origin").empty());
    }

    void preflightNeedsNoToken() {
        auto r = client.request("OPTIONS", "/api/v2/customers/5",
                                "", {{"Origin", origin}, {"Access-Control-Request-Method", "PATCH"},
                                     {"Access-Control-Request-Headers", "authorization, content-type, if-match"}});
        ASSERT_STATUS(204, r);
        CPPUNIT_ASSERT_EQUAL(origin, r.header("Access-Control-Allow-Origin"));
        CPPUNIT_ASSERT(r.header("Access-Control-Allow-Methods").find("PATCH") != std::string::npos);
        std::string allowed = r.header("Access-Control-Allow-Headers");
        for (const char* h : {"Authorization", "Content-Type", "X-Request-ID", "X-Correlation-ID", "If-Match", "Idempotency-Key"})
            CPPUNIT_ASSERT_MESSAGE(h, allowed.find(h) != std::string::npos);
    }

    void healthReportsDatabaseAndPlugins() {
        auto r = client.request("GET", "/health");
        ASSERT_STATUS(200, r);
        auto o = r.object();
        CPPUNIT_ASSERT_EQUAL(std::string("healthy"), o->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("connected"), o->getValue<std::string>("database"));
        auto plugins = o->getArray("plugins");
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < plugins->size(); ++i) ids.push_back(plugins->getObject(i)->getValue<std::string>("id"));
        CPPUNIT_ASSERT(std::find(ids.begin(), ids.end(), "customers") != ids.end());
        CPPUNIT_ASSERT(std::find(ids.begin(), ids.end(), "hello") != ids.end());
    }

    // sdk/examples/hello, built by scripts/test against the installed SDK.
    void outOfTreePluginIsServed() {
        auto open = client.request("GET", "/api/v2/hello/public");
        ASSERT_STATUS(200, open);
        auto greeting = client.call("GET", "/api/v2/hello?name=%20Crew%20", client.adminToken());
        ASSERT_STATUS(200, greeting);
        CPPUNIT_ASSERT_EQUAL(std::string("Hello, Crew!"), greeting.object()->getValue<std::string>("message"));
        ASSERT_INVALID("query.name", client.call("GET", "/api/v2/hello?name=" + std::string(65, 'x'), client.adminToken()));
        ASSERT_STATUS(401, client.request("GET", "/api/v2/hello"));
    }

    void oversizedBodyIs413() {
        // Declared too large: refused before a byte of the body is read.
        auto r = client.request("POST", "/api/v2/customers", "",
                                {{"Authorization", "Bearer " + client.adminToken()}, {"Content-Type", "application/json"},
                                 {"Content-Length", std::to_string(2 * 1024 * 1024)}});
        ASSERT_STATUS(413, r);
        CPPUNIT_ASSERT(r.detail().find("too large") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HttpConventionsTest);
