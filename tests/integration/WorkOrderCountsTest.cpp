// List totals filtered only by status, dates and `unassigned` come from
// counters that triggers keep (work_order_counts); any other filter makes the
// server count the matching rows. Adding a priority filter per priority and
// summing is therefore an independent recount: after creates, moves between
// days, statuses and technicians, replacements, deletes and concurrent
// drag-and-drop, both must agree, and match what this test knows it made.
#include "support/Assertions.h"
#include "support/Factory.h"
#include "support/TestClient.h"

#include <atomic>
#include <thread>
#include <vector>

using crmtest::Factory;
using crmtest::TestClient;

class WorkOrderCountsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WorkOrderCountsTest);
    CPPUNIT_TEST(countersAgreeWithARecountAfterEveryKindOfWrite);
    CPPUNIT_TEST(concurrentMovesKeepCountersExact);
    CPPUNIT_TEST(summaryFollowsStatusChanges);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kStatuses[] = {"pending", "scheduled", "in_progress", "completed", "cancelled"};

    TestClient client;
    Factory make{client};
    std::string token;
    std::chrono::sys_days base;  // each test's own quiet days: nothing else is scheduled on them
    std::string from, to;        // the ten days every total counts

    int total(const std::string& filters) {
        auto r = client.call("GET", "/api/v2/work-orders?page_size=1&scheduled_date_from=" + from +
                                        "&scheduled_date_to=" + to + filters, token);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(filters + ": " + r.body, 200, r.status);
        return r.object()->getValue<int>("total");
    }

    int recount(const std::string& filters) {
        int sum = 0;
        for (int priority = 1; priority <= 5; ++priority) sum += total(filters + "&priority=" + std::to_string(priority));
        return sum;
    }

    // Every status, with and without `unassigned`: counters == recount.
    void assertCountersExact() {
        int all = 0;
        for (const char* status : kStatuses) {
            for (std::string extra : {"", "&unassigned=true"}) {
                std::string filters = std::string("&status=") + status + extra;
                CPPUNIT_ASSERT_EQUAL_MESSAGE(filters, recount(filters), total(filters));
            }
            all += total(std::string("&status=") + status);
        }
        CPPUNIT_ASSERT_EQUAL(recount(""), total(""));
        CPPUNIT_ASSERT_EQUAL(all, total(""));
    }

    std::string day(int offset) const { return Factory::date(base, offset); }

    void patch(const std::string& id, const std::string& json) {
        auto r = client.call("PATCH", "/api/v2/work-orders/" + id, token, json);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(json + ": " + r.body, 200, r.status);
    }

public:
    void setUp() override {
        token = client.adminToken();
        base = Factory::quietDay();
        from = day(0);
        to = day(9);
    }

    void countersAgreeWithARecountAfterEveryKindOfWrite() {
        std::string customer = make.customer(), tech = make.technician();
        std::vector<std::string> ids;
        for (int i = 0; i < 20; ++i) {
            std::string fields = R"(, "scheduled_date": ")" + day(i % 10) + R"(", "status": ")" + kStatuses[i % 5] +
                                 R"(", "priority": )" + std::to_string(1 + i % 5);
            if (i % 3 == 0) fields += R"(, "assigned_technician_id": )" + tech;
            ids.push_back(make.workOrder(customer, fields));
        }
        CPPUNIT_ASSERT_EQUAL(20, total(""));
        CPPUNIT_ASSERT_EQUAL(4, total("&status=completed"));
        assertCountersExact();

        patch(ids[0], R"({"status": "completed"})");                                   // pending -> completed
        patch(ids[3], R"({"status": "pending"})");                                     // completed -> pending
        patch(ids[1], R"({"scheduled_date": ")" + day(50) + R"("})");                  // leaves the range
        patch(ids[2], R"({"scheduled_date": null})");                                  // unscheduled
        patch(ids[4], R"({"assigned_technician_id": )" + tech + "}");                 // assigned
        patch(ids[6], R"({"assigned_technician_id": null})");                          // unassigned
        patch(ids[5], R"({"notes": "only notes"})");                                   // no counter moves
        auto put = client.call("PUT", "/api/v2/work-orders/" + ids[7], token,
                               R"({"customer_id": )" + customer + R"(, "scheduled_date": ")" + day(9) +
                                   R"(", "status": "cancelled", "priority": 2})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(put.body, 200, put.status);
        for (int i : {8, 9})
            CPPUNIT_ASSERT_EQUAL(204, client.call("DELETE", "/api/v2/work-orders/" + ids[i], token).status);

        CPPUNIT_ASSERT_EQUAL(16, total(""));  // 20, less two moved out of the range and two deleted
        assertCountersExact();
    }

    void concurrentMovesKeepCountersExact() {
        std::string customer = make.customer();
        std::vector<std::string> ids;
        for (int i = 0; i < 16; ++i)
            ids.push_back(make.workOrder(customer, R"(, "scheduled_date": ")" + day(i % 3) + R"(")"));
        // Eight dispatchers drag the same work orders between the same three
        // days at once: every move takes two counters, in opposite orders.
        std::atomic<int> failures{0};
        std::vector<std::thread> dispatchers;
        for (int d = 0; d < 8; ++d)
            dispatchers.emplace_back([&, d] {
                for (int round = 0; round < 25; ++round) {
                    const std::string& id = ids[(d * 7 + round) % ids.size()];
                    std::string json = R"({"scheduled_date": ")" + day((d + round) % 3) + R"("})";
                    if (client.call("PATCH", "/api/v2/work-orders/" + id, token, json).status != 200) ++failures;
                }
            });
        for (auto& t : dispatchers) t.join();
        CPPUNIT_ASSERT_EQUAL(0, failures.load());
        CPPUNIT_ASSERT_EQUAL(16, total(""));
        assertCountersExact();
    }

    void summaryFollowsStatusChanges() {
        auto summary = [&] { return client.call("GET", "/api/v2/reports/summary", token).object(); };
        auto completedToday = [&] { return summary()->getValue<int>("completed_today"); };
        std::string id = make.workOrder(make.customer(), R"(, "scheduled_date": ")" + day(5) + R"(")");
        int before = completedToday();
        patch(id, R"({"status": "completed"})");
        CPPUNIT_ASSERT_EQUAL(before + 1, completedToday());
        patch(id, R"({"status": "in_progress"})");
        CPPUNIT_ASSERT_EQUAL(before, completedToday());
        auto totalBefore = summary()->getValue<int>("work_orders_total");
        CPPUNIT_ASSERT_EQUAL(204, client.call("DELETE", "/api/v2/work-orders/" + id, token).status);
        CPPUNIT_ASSERT_EQUAL(totalBefore - 1, summary()->getValue<int>("work_orders_total"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkOrderCountsTest);
