// Reports (API.md section 7). Every expected figure is computed here from
// rows this test inserted, never read back from the server first.
#include "support/Assertions.h"
#include "support/Factory.h"
#include "support/TestClient.h"

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

using crmtest::Factory;
using crmtest::TestClient;

class ReportsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ReportsTest);
    CPPUNIT_TEST(summaryCountsWhatWasAdded);
    CPPUNIT_TEST(customersTotalFollowsEveryWrite);
    CPPUNIT_TEST(technicianPerformance);
    CPPUNIT_TEST(customerActivity);
    CPPUNIT_TEST(rangeRules);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    Factory make{client};
    std::string token;

    using Day = std::chrono::sys_days;
    static Day today() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

    Poco::JSON::Object::Ptr get(const std::string& path) {
        auto r = client.call("GET", path, token);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(path + ": " + r.body, 200, r.status);
        return r.object();
    }

    static Poco::JSON::Object::Ptr find(const Poco::JSON::Array::Ptr& items, const char* key, const std::string& id) {
        for (std::size_t i = 0; i < items->size(); ++i)
            if (std::to_string(items->getObject(i)->getValue<int>(key)) == id) return items->getObject(i);
        CPPUNIT_FAIL(std::string("no item with ") + key + " " + id);
        return nullptr;
    }

    static void assertNear(double expected, const Poco::JSON::Object::Ptr& o, const char* key) {
        CPPUNIT_ASSERT_MESSAGE(key, !o->isNull(key));
        CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(key, expected, o->getValue<double>(key), 0.0001);
    }

public:
    void setUp() override { token = client.adminToken(); }

    void summaryCountsWhatWasAdded() {
        auto before = get("/api/v2/reports/summary");
        std::string c = make.customer();
        std::string tech = make.technician();
        make.technician(R"(, "is_active": false)");
        std::string now = Factory::date(today()), past = Factory::date(today(), -3);
        make.workOrder(c, R"(, "scheduled_date": ")" + now + R"(", "assigned_technician_id": )" + tech);  // scheduled today
        make.workOrder(c, R"(, "scheduled_date": ")" + now + R"(", "status": "cancelled")");             // not counted today
        make.workOrder(c, R"(, "scheduled_date": ")" + past + R"(", "status": "scheduled")");            // overdue, unassigned
        make.workOrder(c, R"(, "scheduled_date": ")" + past + R"(", "status": "completed")");            // completed today
        make.workOrder(c, R"(, "status": "in_progress")");                                                 // unassigned, open
        auto after = get("/api/v2/reports/summary");
        auto delta = [&](const char* key) { return after->getValue<int>(key) - before->getValue<int>(key); };
        auto statusDelta = [&](const char* status) {
            return after->getObject("work_orders_by_status")->getValue<int>(status) -
                   before->getObject("work_orders_by_status")->getValue<int>(status);
        };
        CPPUNIT_ASSERT_EQUAL(1, delta("customers_total"));
        CPPUNIT_ASSERT_EQUAL(1, delta("technicians_active"));
        CPPUNIT_ASSERT_EQUAL(5, delta("work_orders_total"));
        CPPUNIT_ASSERT_EQUAL(1, statusDelta("pending"));
        CPPUNIT_ASSERT_EQUAL(1, statusDelta("scheduled"));
        CPPUNIT_ASSERT_EQUAL(1, statusDelta("in_progress"));
        CPPUNIT_ASSERT_EQUAL(1, statusDelta("completed"));
        CPPUNIT_ASSERT_EQUAL(1, statusDelta("cancelled"));
        CPPUNIT_ASSERT_EQUAL(1, delta("scheduled_today"));
        CPPUNIT_ASSERT_EQUAL(1, delta("completed_today"));
        CPPUNIT_ASSERT_EQUAL(2, delta("unassigned_open"));
        CPPUNIT_ASSERT_EQUAL(1, delta("overdue"));
        CPPUNIT_ASSERT_EQUAL(1, delta("completed_last_7_days"));
        CPPUNIT_ASSERT_EQUAL(1, delta("completed_last_30_days"));
        CPPUNIT_ASSERT_EQUAL('Z', after->getValue<std::string>("generated_at").back());
    }

    // customers_total adds up counters that triggers keep; the customer list
    // counts the rows themselves. Both must agree after creates, moves between
    // regions (each region has its own counter), deletes and concurrent creates.
    void customersTotalFollowsEveryWrite() {
        auto counted = [&] { return get("/api/v2/customers?page_size=1")->getValue<int>("total"); };
        auto summarised = [&] { return get("/api/v2/reports/summary")->getValue<int>("customers_total"); };
        const int before = counted();
        CPPUNIT_ASSERT_EQUAL(before, summarised());
        std::string north = make.customer(R"(, "region": "north")");
        std::string none = make.customer();
        std::string moving = make.customer(R"(, "region": "south")");
        auto moved = client.call("PATCH", "/api/v2/customers/" + moving, token, R"({"region": "east"})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(moved.body, 200, moved.status);
        auto unset = client.call("PATCH", "/api/v2/customers/" + north, token, R"({"region": null})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(unset.body, 200, unset.status);
        CPPUNIT_ASSERT_EQUAL(before + 3, summarised());
        CPPUNIT_ASSERT_EQUAL(before + 3, counted());
        auto gone = client.call("DELETE", "/api/v2/customers/" + none, token);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(gone.body, 204, gone.status);
        std::atomic<int> failures{0};
        std::vector<std::thread> writers;
        for (int w = 0; w < 4; ++w)
            writers.emplace_back([&, w] {
                for (int i = 0; i < 3; ++i) {
                    std::string json = R"({"name": "Concurrent )" + std::to_string(w) + "-" + std::to_string(i) + "\"" +
                                       (w % 2 ? R"(, "region": "west")" : "") + "}";
                    if (client.call("POST", "/api/v2/customers", token, json).status != 201) ++failures;
                }
            });
        for (auto& writer : writers) writer.join();
        CPPUNIT_ASSERT_EQUAL(0, failures.load());
        CPPUNIT_ASSERT_EQUAL(before + 2 + 12, counted());
        CPPUNIT_ASSERT_EQUAL(before + 2 + 12, summarised());
    }

    void technicianPerformance() {
        // Three technicians, 17 work orders in and around a 61-day range.
        Day start = today() - std::chrono::days(30);
        std::string from = Factory::date(start), to = Factory::date(start, 60);
        std::string c = make.customer();
        std::string busy = make.technician(), idle = make.technician(), late = make.technician();
        auto job = [&](const std::string& tech, int offset, const std::string& status, int minutes) {
            make.workOrder(c, R"(, "assigned_technician_id": )" + tech + R"(, "scheduled_date": ")" + Factory::date(start, offset) +
                                  R"(", "status": ")" + status + R"(", "estimated_duration": )" + std::to_string(minutes));
        };
        // busy: 8 in range (1 cancelled), 4 completed, all on or after today's date except one.
        job(busy, 0, "completed", 60);      // boundary: first day; completed today, scheduled 30 days ago: late
        job(busy, 60, "completed", 30);     // boundary: last day; on time
        job(busy, 45, "completed", 30);     // on time
        job(busy, 50, "completed", 30);     // on time
        job(busy, 40, "scheduled", 90);
        job(busy, 41, "pending", 45);
        job(busy, 42, "in_progress", 15);
        job(busy, 43, "cancelled", 120);    // not assigned work
        job(busy, -1, "completed", 500);    // outside the range
        job(busy, 61, "completed", 500);    // outside the range
        // late: 4 in range, 2 completed, both late.
        job(late, 5, "completed", 20);
        job(late, 6, "completed", 20);
        job(late, 7, "scheduled", 20);
        job(late, 8, "scheduled", 20);
        // a retired technician's work is not listed.
        std::string retired = make.technician();
        job(retired, 10, "completed", 10);
        job(retired, 11, "completed", 10);
        job(retired, 12, "completed", 10);
        ASSERT_STATUS(200, client.call("PATCH", "/api/v2/technicians/" + retired, token, R"({"is_active": false})"));

        auto report = get("/api/v2/reports/technician-performance?page_size=200&start_date=" + from + "&end_date=" + to);
        CPPUNIT_ASSERT_EQUAL(from, report->getValue<std::string>("start_date"));
        CPPUNIT_ASSERT_EQUAL(to, report->getValue<std::string>("end_date"));
        auto items = report->getArray("items");

        auto b = find(items, "technician_id", busy);
        CPPUNIT_ASSERT_EQUAL(7, b->getValue<int>("assigned"));
        CPPUNIT_ASSERT_EQUAL(4, b->getValue<int>("completed"));
        assertNear(4.0 / 7, b, "completion_rate");
        CPPUNIT_ASSERT_EQUAL(60 + 30 + 30 + 30 + 90 + 45 + 15, b->getValue<int>("scheduled_minutes"));
        assertNear(3.0 / 4, b, "on_time_rate");
        CPPUNIT_ASSERT(b->getValue<double>("avg_completion_hours") >= 0 && b->getValue<double>("avg_completion_hours") < 0.1);

        auto l = find(items, "technician_id", late);
        CPPUNIT_ASSERT_EQUAL(4, l->getValue<int>("assigned"));
        assertNear(0.5, l, "completion_rate");
        assertNear(0.0, l, "on_time_rate");

        auto i = find(items, "technician_id", idle);
        CPPUNIT_ASSERT_EQUAL(0, i->getValue<int>("assigned"));
        CPPUNIT_ASSERT(i->isNull("completion_rate"));
        CPPUNIT_ASSERT(i->isNull("avg_completion_hours"));
        CPPUNIT_ASSERT(i->isNull("on_time_rate"));
        CPPUNIT_ASSERT_EQUAL(0, i->getValue<int>("scheduled_minutes"));

        for (std::size_t k = 0; k < items->size(); ++k)
            CPPUNIT_ASSERT(std::to_string(items->getObject(k)->getValue<int>("technician_id")) != retired);
        // Default order: most completed first.
        for (std::size_t k = 1; k < items->size(); ++k)
            CPPUNIT_ASSERT(items->getObject(k - 1)->getValue<int>("completed") >= items->getObject(k)->getValue<int>("completed"));
    }

    void customerActivity() {
        std::string region = TestClient::unique("Activity");
        std::string a = make.customer(R"(, "region": ")" + region + "\"");
        std::string b = make.customer(R"(, "region": ")" + region + "\"");
        make.customer(R"(, "region": ")" + region + "\"");  // no work in range: not listed
        Day start = Factory::quietDay();
        std::string from = Factory::date(start), to = Factory::date(start, 9);
        auto job = [&](const std::string& customer, int offset, const std::string& status) {
            make.workOrder(customer, R"(, "scheduled_date": ")" + Factory::date(start, offset) + R"(", "status": ")" + status + "\"");
        };
        job(a, 0, "completed");
        job(a, 4, "completed");
        job(a, 5, "pending");
        job(a, 9, "cancelled");
        job(a, 10, "completed");  // outside
        job(b, 2, "scheduled");
        auto report = get("/api/v2/reports/customer-activity?region=" + region + "&start_date=" + from + "&end_date=" + to);
        CPPUNIT_ASSERT_EQUAL(2, report->getValue<int>("total"));
        auto items = report->getArray("items");
        CPPUNIT_ASSERT_EQUAL(std::stoi(a), items->getObject(0)->getValue<int>("customer_id"));  // most work first
        auto ra = items->getObject(0);
        CPPUNIT_ASSERT_EQUAL(4, ra->getValue<int>("work_orders"));
        CPPUNIT_ASSERT_EQUAL(2, ra->getValue<int>("completed"));
        CPPUNIT_ASSERT_EQUAL(1, ra->getValue<int>("open"));
        CPPUNIT_ASSERT_EQUAL(Factory::date(start, 4), ra->getValue<std::string>("last_service_date"));
        CPPUNIT_ASSERT_EQUAL(region, ra->getValue<std::string>("region"));
        auto rb = find(items, "customer_id", b);
        CPPUNIT_ASSERT_EQUAL(1, rb->getValue<int>("open"));
        CPPUNIT_ASSERT(rb->isNull("last_service_date"));
        auto byName = get("/api/v2/reports/customer-activity?sort=-last_service_date&region=" + region + "&start_date=" + from + "&end_date=" + to);
        CPPUNIT_ASSERT_EQUAL(std::stoi(a), byName->getArray("items")->getObject(0)->getValue<int>("customer_id"));
    }

    void rangeRules() {
        ASSERT_INVALID("query.end_date", client.call("GET", "/api/v2/reports/technician-performance?start_date=2030-01-02&end_date=2030-01-01", token));
        // 366 days counting both ends is allowed; 367 is not.
        ASSERT_STATUS(200, client.call("GET", "/api/v2/reports/customer-activity?start_date=2030-01-01&end_date=2031-01-01", token));
        ASSERT_INVALID("query.end_date", client.call("GET", "/api/v2/reports/customer-activity?start_date=2030-01-01&end_date=2031-01-02", token));
        ASSERT_INVALID("query.sort", client.call("GET", "/api/v2/reports/customer-activity?sort=region", token));
        auto defaults = get("/api/v2/reports/technician-performance");
        CPPUNIT_ASSERT_EQUAL(Factory::date(today(), -29), defaults->getValue<std::string>("start_date"));
        CPPUNIT_ASSERT_EQUAL(Factory::date(today()), defaults->getValue<std::string>("end_date"));
        std::string viewer = client.tokenForNewUser("viewer");
        ASSERT_STATUS(200, client.call("GET", "/api/v2/reports/summary", viewer));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReportsTest);
