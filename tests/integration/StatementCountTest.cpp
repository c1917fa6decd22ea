// List endpoints run a constant number of SQL statements whatever the page
// size (no N+1). The server counts the statements each request runs and,
// in tests, reports them in X-DB-Statements.
#include "support/Assertions.h"
#include "support/Factory.h"
#include "support/TestClient.h"

#include <chrono>
#include <functional>

using crmtest::Factory;
using crmtest::TestClient;

class StatementCountTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatementCountTest);
    CPPUNIT_TEST(customerListIsConstant);
    CPPUNIT_TEST(userListIsConstant);
    CPPUNIT_TEST(technicianListIsConstant);
    CPPUNIT_TEST(workOrderListsAreConstant);
    CPPUNIT_TEST(scheduleListsAreConstant);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    Factory make{client};

    static std::string withPageSize(const std::string& path, int size) {
        return path + (path.find('?') == std::string::npos ? "?" : "&") + "page_size=" + std::to_string(size);
    }

    int total(const std::string& path) {
        return client.call("GET", withPageSize(path, 1), client.adminToken()).object()->getValue<int>("total");
    }

    // Creates rows until the list holds at least `rows`, so that page_size=200
    // really returns many items.
    void topUp(const std::string& path, int rows, const std::function<void()>& create) {
        for (int have = total(path); have < rows; ++have) create();
    }

    int statements(const std::string& path, std::size_t* items = nullptr) {
        auto r = client.call("GET", path, client.adminToken());
        ASSERT_STATUS(200, r);
        std::string header = r.header("X-DB-Statements");
        CPPUNIT_ASSERT_MESSAGE("the server must run with CRM_EXPOSE_STATEMENT_COUNT=true", !header.empty());
        if (items) *items = r.object()->getArray("items")->size();
        return std::stoi(header);
    }

    void assertConstant(const std::string& path, std::size_t minimumItems) {
        std::size_t items = 0;
        int one = statements(withPageSize(path, 1));
        int many = statements(withPageSize(path, 200), &items);
        CPPUNIT_ASSERT_MESSAGE(path + " returned only " + std::to_string(items) + " items", items >= minimumItems);
        CPPUNIT_ASSERT_MESSAGE(path, one >= 1);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(path, one, many);
    }

public:
    void customerListIsConstant() {
        topUp("/api/v2/customers", 210, [&] { make.customer(); });
        assertConstant("/api/v2/customers", 200);
        assertConstant("/api/v2/customers?sort=-created_at&search=o", 100);
    }

    void userListIsConstant() {
        topUp("/api/v2/users", 160, [&] { client.tokenForNewUser("viewer"); });
        assertConstant("/api/v2/users", 150);
    }

    void technicianListIsConstant() {
        topUp("/api/v2/technicians", 160, [&] { make.technician(R"(, "skills": ["septic"])"); });
        assertConstant("/api/v2/technicians", 150);
        assertConstant("/api/v2/technicians?skill=septic&is_active=true", 100);
    }

    void workOrderListsAreConstant() {
        std::string customer = make.customer();
        std::string tech = make.technician();
        topUp("/api/v2/customers/" + customer + "/work-orders", 160,
              [&] { make.workOrder(customer, R"(, "assigned_technician_id": )" + tech); });
        assertConstant("/api/v2/work-orders", 200);
        assertConstant("/api/v2/work-orders?status=pending,scheduled&sort=scheduled_date", 150);
        assertConstant("/api/v2/customers/" + customer + "/work-orders", 150);
    }

    void scheduleListsAreConstant() {
        auto day = Factory::quietDay();
        std::string customer = make.customer();
        std::string tech = make.technician();
        std::string range = "start_date=" + Factory::date(day) + "&end_date=" + Factory::date(day, 30);
        topUp("/api/v2/schedule?" + range, 160, [&] {
            static int n = 0;
            make.workOrder(customer, R"(, "assigned_technician_id": )" + tech + R"(, "scheduled_date": ")" +
                                         Factory::date(day, n++ % 30) + R"(", "scheduled_time": "09:00")");
        });
        assertConstant("/api/v2/schedule?" + range, 150);
        assertConstant("/api/v2/technicians/" + tech + "/schedule?" + range, 150);
        topUp("/api/v2/schedule/unassigned", 160, [&] { make.workOrder(customer); });
        assertConstant("/api/v2/schedule/unassigned", 150);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatementCountTest);
