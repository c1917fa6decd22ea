// Asks the server for its route table (the generated OpenAPI document) and
// calls every route that is not public, without a token and with a forged
// one: each must answer 401. A route added later is covered automatically.
#include "support/Assertions.h"
#include "support/TestClient.h"

#include <Poco/RegularExpression.h>
#include <Poco/String.h>

using crmtest::TestClient;

class RouteWalkTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RouteWalkTest);
    CPPUNIT_TEST(everyProtectedRouteRefusesAMissingToken);
    CPPUNIT_TEST(everyProtectedRouteRefusesAForgedToken);
    CPPUNIT_TEST(publicRoutesAreTheExpectedOnes);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;

    struct Endpoint {
        std::string method, path, permission;
    };

    std::vector<Endpoint> endpoints() {
        auto doc = client.request("GET", "/api/v2/openapi.json");
        ASSERT_STATUS(200, doc);
        std::vector<Endpoint> all;
        auto paths = doc.object()->getObject("paths");
        Poco::RegularExpression parameter("\\{[a-z_]+\\}");
        for (const auto& path : paths->getNames()) {
            auto item = paths->getObject(path);
            for (const auto& method : item->getNames()) {
                std::string concrete = path;
                while (parameter.subst(concrete, "1")) {}
                all.push_back({Poco::toUpper(method), concrete, item->getObject(method)->getValue<std::string>("x-permission")});
            }
        }
        CPPUNIT_ASSERT(all.size() >= 30);
        return all;
    }

    void walk(const std::string& authorization, const std::string& expectedDetail) {
        int checked = 0;
        for (const auto& e : endpoints()) {
            if (e.permission == "PUBLIC") continue;
            std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
            if (!authorization.empty()) headers["Authorization"] = authorization;
            auto r = client.request(e.method, e.path, e.method == "GET" || e.method == "DELETE" ? "" : "{}", headers);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(e.method + " " + e.path + ": " + r.body, 401, r.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(e.method + " " + e.path, expectedDetail, r.detail());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(e.method + " " + e.path, std::string("Bearer"), r.header("WWW-Authenticate"));
            ++checked;
        }
        CPPUNIT_ASSERT(checked >= 10);
    }

public:
    void everyProtectedRouteRefusesAMissingToken() { walk("", "Not authenticated"); }

    void everyProtectedRouteRefusesAForgedToken() {
        std::string token = client.adminToken();
        // Change a character in the middle of the signature: a well-formed
        // but forged token. (The last base64url character of an HS256
        // signature partly holds padding bits, so changing it may not
        // change the signature at all.)
        char& c = token[token.rfind('.') + 10];
        c = c == 'A' ? 'B' : 'A';
        walk("Bearer " + token, "Invalid token");
    }

    void publicRoutesAreTheExpectedOnes() {
        std::vector<std::string> open;
        for (const auto& e : endpoints())
            if (e.permission == "PUBLIC") open.push_back(e.method + " " + e.path);
        std::sort(open.begin(), open.end());
        std::vector<std::string> expected = {"GET /api/v2/email/unsubscribe", "GET /api/v2/hello/public", "GET /api/v2/openapi.json", "GET /health",
                                             "GET /metrics", "POST /api/v2/auth/login", "POST /api/v2/auth/refresh", "POST /api/v2/email/unsubscribe"};
        CPPUNIT_ASSERT_EQUAL(expected.size(), open.size());
        for (std::size_t i = 0; i < expected.size(); ++i) CPPUNIT_ASSERT_EQUAL(expected[i], open[i]);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RouteWalkTest);
