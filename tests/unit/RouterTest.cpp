#include "api/Router.h"

#include <cppunit/extensions/HelperMacros.h>

using crm::Route;
using crm::Router;

class RouterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RouterTest);
    CPPUNIT_TEST(extractsPathParameters);
    CPPUNIT_TEST(literalSegmentBeatsParameter);
    CPPUNIT_TEST(trailingSlashMatchesTheSameRoute);
    CPPUNIT_TEST(unknownPathHasNoAllowedMethods);
    CPPUNIT_TEST(wrongMethodListsAllowedMethods);
    CPPUNIT_TEST(emptySegmentMatchesNothing);
    CPPUNIT_TEST(duplicateRegistrationIsRefused);
    CPPUNIT_TEST(malformedTemplateIsRefused);
    CPPUNIT_TEST_SUITE_END();

    static Route route(const std::string& method, const std::string& path, const std::string& owner = "test") {
        Route r;
        r.method = method;
        r.path = path;
        r.permission = "x:read";
        r.owner = owner;
        return r;
    }

    Router router;

public:
    void setUp() override {
        router = Router();
        router.add(route("GET", "/api/v2/schedule/{id}"));
        router.add(route("GET", "/api/v2/schedule/unassigned"));
        router.add(route("GET", "/api/v2/customers"));
        router.add(route("POST", "/api/v2/customers"));
        router.add(route("GET", "/api/v2/customers/{id}"));
        router.add(route("DELETE", "/api/v2/customers/{id}"));
        router.add(route("GET", "/api/v2/customers/{id}/work-orders"));
    }

    void extractsPathParameters() {
        auto m = router.match("GET", "/api/v2/customers/42/work-orders");
        CPPUNIT_ASSERT(m.route);
        CPPUNIT_ASSERT_EQUAL(std::string("/api/v2/customers/{id}/work-orders"), m.route->path);
        CPPUNIT_ASSERT_EQUAL(size_t(1), m.params.size());
        CPPUNIT_ASSERT_EQUAL(std::string("id"), m.params[0].first);
        CPPUNIT_ASSERT_EQUAL(std::string("42"), m.params[0].second);
    }

    void literalSegmentBeatsParameter() {
        auto m = router.match("GET", "/api/v2/schedule/unassigned");
        CPPUNIT_ASSERT(m.route);
        CPPUNIT_ASSERT_EQUAL(std::string("/api/v2/schedule/unassigned"), m.route->path);
        CPPUNIT_ASSERT(m.params.empty());
        auto other = router.match("GET", "/api/v2/schedule/7");
        CPPUNIT_ASSERT_EQUAL(std::string("/api/v2/schedule/{id}"), other.route->path);
    }

    void trailingSlashMatchesTheSameRoute() {
        auto a = router.match("GET", "/api/v2/customers");
        auto b = router.match("GET", "/api/v2/customers/");
        CPPUNIT_ASSERT(a.route && b.route);
        CPPUNIT_ASSERT_EQUAL(a.route, b.route);
        CPPUNIT_ASSERT(router.match("DELETE", "/api/v2/customers/3/").route);
    }

    void unknownPathHasNoAllowedMethods() {
        auto m = router.match("GET", "/api/v2/nothing/here");
        CPPUNIT_ASSERT(!m.route);
        CPPUNIT_ASSERT(m.allowedMethods.empty());
    }

    void wrongMethodListsAllowedMethods() {
        auto m = router.match("PATCH", "/api/v2/customers/3");
        CPPUNIT_ASSERT(!m.route);
        CPPUNIT_ASSERT_EQUAL(size_t(2), m.allowedMethods.size());
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), m.allowedMethods[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("DELETE"), m.allowedMethods[1]);
    }

    void emptySegmentMatchesNothing() {
        CPPUNIT_ASSERT(!router.match("GET", "/api/v2//customers").route);
        CPPUNIT_ASSERT(!router.match("GET", "api/v2/customers").route);
    }

    void duplicateRegistrationIsRefused() {
        CPPUNIT_ASSERT_THROW(router.add(route("GET", "/api/v2/customers/{customer_id}", "other")), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(router.add(route("POST", "/api/v2/customers/")), std::invalid_argument);
    }

    void malformedTemplateIsRefused() {
        CPPUNIT_ASSERT_THROW(router.add(route("GET", "/api/v2/x{id}")), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(router.add(route("GET", "no-slash")), std::invalid_argument);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RouterTest);
