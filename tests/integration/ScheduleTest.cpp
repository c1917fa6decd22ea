// The schedule (API.md section 6) and a technician's schedule (section 4).
// Each test works on days of its own far in the future, away from the demo
// data and from other tests.
#include "support/Assertions.h"
#include "support/Factory.h"
#include "support/TestClient.h"

using crmtest::Factory;
using crmtest::TestClient;

class ScheduleTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ScheduleTest);
    CPPUNIT_TEST(rangeIsOrderedByDateTimeThenId);
    CPPUNIT_TEST(cancelledOnlyWhenAskedFor);
    CPPUNIT_TEST(technicianFilterAndTechnicianSchedule);
    CPPUNIT_TEST(rangeRules);
    CPPUNIT_TEST(defaultRangeIsTodayAndTheNextSixDays);
    CPPUNIT_TEST(unassignedRule);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    Factory make{client};
    std::string token;

    Poco::JSON::Array::Ptr items(const std::string& path) {
        auto r = client.call("GET", path, token);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(path + ": " + r.body, 200, r.status);
        return r.object()->getArray("items");
    }
    static int idAt(const Poco::JSON::Array::Ptr& list, std::size_t i) { return list->getObject(i)->getValue<int>("id"); }

public:
    void setUp() override { token = client.adminToken(); }

    void rangeIsOrderedByDateTimeThenId() {
        auto day = Factory::quietDay();
        std::string c = make.customer();
        std::string late = make.workOrder(c, R"(, "scheduled_date": ")" + Factory::date(day, 1) + R"(", "scheduled_time": "07:00")");
        std::string noTime = make.workOrder(c, R"(, "scheduled_date": ")" + Factory::date(day) + R"(")");
        std::string afternoon = make.workOrder(c, R"(, "scheduled_date": ")" + Factory::date(day) + R"(", "scheduled_time": "15:00")");
        std::string morningA = make.workOrder(c, R"(, "scheduled_date": ")" + Factory::date(day) + R"(", "scheduled_time": "08:00")");
        std::string morningB = make.workOrder(c, R"(, "scheduled_date": ")" + Factory::date(day) + R"(", "scheduled_time": "08:00")");
        make.workOrder(c, R"(, "scheduled_date": ")" + Factory::date(day, 2) + R"(")");  // outside the range
        auto list = items("/api/v2/schedule?start_date=" + Factory::date(day) + "&end_date=" + Factory::date(day, 1));
        CPPUNIT_ASSERT_EQUAL(size_t(5), list->size());
        std::vector<std::string> expected = {morningA, morningB, afternoon, noTime, late};
        for (std::size_t i = 0; i < expected.size(); ++i) CPPUNIT_ASSERT_EQUAL(std::stoi(expected[i]), idAt(list, i));
        CPPUNIT_ASSERT(list->getObject(0)->has("customer"));
        // Paginated: the second page of two holds the third and fourth.
        auto page = items("/api/v2/schedule?start_date=" + Factory::date(day) + "&end_date=" + Factory::date(day, 1) + "&page=2&page_size=2");
        CPPUNIT_ASSERT_EQUAL(std::stoi(afternoon), idAt(page, 0));
        CPPUNIT_ASSERT_EQUAL(std::stoi(noTime), idAt(page, 1));
    }

    void cancelledOnlyWhenAskedFor() {
        auto day = Factory::quietDay();
        std::string c = make.customer();
        make.workOrder(c, R"(, "scheduled_date": ")" + Factory::date(day) + R"(", "status": "cancelled")");
        make.workOrder(c, R"(, "scheduled_date": ")" + Factory::date(day) + R"(", "status": "completed")");
        std::string range = "start_date=" + Factory::date(day) + "&end_date=" + Factory::date(day);
        CPPUNIT_ASSERT_EQUAL(size_t(1), items("/api/v2/schedule?" + range)->size());
        CPPUNIT_ASSERT_EQUAL(size_t(2), items("/api/v2/schedule?include_cancelled=true&" + range)->size());
    }

    void technicianFilterAndTechnicianSchedule() {
        auto day = Factory::quietDay();
        std::string c = make.customer(), tech = make.technician(), other = make.technician();
        std::string mine = make.workOrder(c, R"(, "scheduled_date": ")" + Factory::date(day) + R"(", "assigned_technician_id": )" + tech);
        make.workOrder(c, R"(, "scheduled_date": ")" + Factory::date(day) + R"(", "assigned_technician_id": )" + other);
        std::string range = "start_date=" + Factory::date(day) + "&end_date=" + Factory::date(day, 3);
        auto filtered = items("/api/v2/schedule?technician_id=" + tech + "&" + range);
        CPPUNIT_ASSERT_EQUAL(size_t(1), filtered->size());
        CPPUNIT_ASSERT_EQUAL(std::stoi(mine), idAt(filtered, 0));
        auto own = items("/api/v2/technicians/" + tech + "/schedule?" + range);
        CPPUNIT_ASSERT_EQUAL(size_t(1), own->size());
        CPPUNIT_ASSERT_EQUAL(std::stoi(tech), own->getObject(0)->getObject("technician")->getValue<int>("id"));
    }

    void rangeRules() {
        ASSERT_INVALID("query.end_date", client.call("GET", "/api/v2/schedule?start_date=2030-01-10&end_date=2030-01-09", token));
        // 92 days counting both ends is allowed; 93 is not.
        ASSERT_STATUS(200, client.call("GET", "/api/v2/schedule?start_date=2030-01-01&end_date=2030-04-02", token));
        ASSERT_INVALID("query.end_date", client.call("GET", "/api/v2/schedule?start_date=2030-01-01&end_date=2030-04-03", token));
        ASSERT_INVALID("query.start_date", client.call("GET", "/api/v2/schedule?start_date=2030-02-30", token));
        ASSERT_INVALID("query.end_date",
                       client.call("GET", "/api/v2/technicians/1/schedule?start_date=2030-01-01&end_date=2031-01-01", token));
        ASSERT_INVALID("query.technician_id", client.call("GET", "/api/v2/schedule?technician_id=abc", token));
    }

    void defaultRangeIsTodayAndTheNextSixDays() {
        auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
        std::string c = make.customer(), tech = make.technician();
        std::string inside = make.workOrder(c, R"(, "assigned_technician_id": )" + tech + R"(, "scheduled_date": ")" + Factory::date(today, 6) + "\"");
        make.workOrder(c, R"(, "assigned_technician_id": )" + tech + R"(, "scheduled_date": ")" + Factory::date(today, 7) + "\"");
        make.workOrder(c, R"(, "assigned_technician_id": )" + tech + R"(, "scheduled_date": ")" + Factory::date(today, -1) + "\"");
        auto list = items("/api/v2/schedule?technician_id=" + tech);
        CPPUNIT_ASSERT_EQUAL(size_t(1), list->size());
        CPPUNIT_ASSERT_EQUAL(std::stoi(inside), idAt(list, 0));
        CPPUNIT_ASSERT_EQUAL(size_t(1), items("/api/v2/technicians/" + tech + "/schedule")->size());
    }

    void unassignedRule() {
        std::string c = make.customer();
        auto day = Factory::quietDay();
        // Priority 1 sorts before every demo row (priorities 1..5); date then id break ties.
        std::string datedLater = make.workOrder(c, R"(, "priority": 1, "scheduled_date": ")" + Factory::date(day, 1) + "\"");
        std::string dated = make.workOrder(c, R"(, "priority": 1, "scheduled_date": ")" + Factory::date(day) + "\"");
        std::string undated = make.workOrder(c, R"(, "priority": 1)");
        make.workOrder(c, R"(, "priority": 1, "status": "completed")");
        make.workOrder(c, R"(, "priority": 1, "status": "cancelled")");
        make.workOrder(c, R"(, "priority": 1, "assigned_technician_id": )" + make.technician());
        auto r = client.call("GET", "/api/v2/schedule/unassigned?page_size=200", token);
        ASSERT_STATUS(200, r);
        auto list = r.object()->getArray("items");
        std::vector<int> ours;
        for (std::size_t i = 0; i < list->size(); ++i) {
            auto w = list->getObject(i);
            CPPUNIT_ASSERT(w->isNull("assigned_technician_id"));
            std::string status = w->getValue<std::string>("status");
            CPPUNIT_ASSERT(status != "completed" && status != "cancelled");
            if (w->getValue<int>("customer_id") == std::stoi(c)) ours.push_back(w->getValue<int>("id"));
        }
        // Among priority-1 rows: earlier dates first, undated last.
        std::vector<int> expected = {std::stoi(dated), std::stoi(datedLater), std::stoi(undated)};
        CPPUNIT_ASSERT(ours.size() == 3);
        CPPUNIT_ASSERT(ours == expected);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ScheduleTest);
