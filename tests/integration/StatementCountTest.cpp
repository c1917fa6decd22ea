// List endpoints run a constant number of SQL statements whatever the page
// size (no N+1). The server counts the statements each request runs and,
// in tests, reports them in X-DB-Statements.
#include "support/Assertions.h"
#include "support/TestClient.h"

using crmtest::TestClient;

class StatementCountTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatementCountTest);
    CPPUNIT_TEST(customerListIsConstant);
    CPPUNIT_TEST(userListIsConstant);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;

    int statements(const std::string& path) {
        auto r = client.call("GET", path, client.adminToken());
        ASSERT_STATUS(200, r);
        std::string header = r.header("X-DB-Statements");
        CPPUNIT_ASSERT_MESSAGE("the server must run with CRM_EXPOSE_STATEMENT_COUNT=true", !header.empty());
        return std::stoi(header);
    }

    void assertConstant(const std::string& path) {
        // Enough rows that page_size=200 really returns 200 items.
        auto page = client.call("GET", path + (path.find('?') == std::string::npos ? "?" : "&") + "page_size=200",
                                client.adminToken()).object();
        CPPUNIT_ASSERT_MESSAGE(path, page->getArray("items")->size() >= 150);
        int one = statements(path + (path.find('?') == std::string::npos ? "?" : "&") + "page_size=1");
        int many = statements(path + (path.find('?') == std::string::npos ? "?" : "&") + "page_size=200");
        CPPUNIT_ASSERT_MESSAGE(path, one >= 1);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(path, one, many);
    }

public:
    void customerListIsConstant() {
        // The demo data gives 300 customers; top up for a clean database.
        auto total = client.call("GET", "/api/v2/customers?page_size=1", client.adminToken()).object()->getValue<int>("total");
        for (int i = total; i < 210; ++i)
            client.call("POST", "/api/v2/customers", client.adminToken(), R"({"name": "Count )" + std::to_string(i) + R"("})");
        assertConstant("/api/v2/customers");
        assertConstant("/api/v2/customers?sort=-created_at&search=o");
    }

    void userListIsConstant() {
        auto total = client.call("GET", "/api/v2/users?page_size=1", client.adminToken()).object()->getValue<int>("total");
        for (int i = total; i < 160; ++i) client.tokenForNewUser("viewer");
        assertConstant("/api/v2/users");
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatementCountTest);
