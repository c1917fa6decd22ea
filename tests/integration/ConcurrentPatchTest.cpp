// Two dispatchers patch different fields of one work order at the same
// moment, many times over: neither ever loses the other's change, because
// each PATCH updates only its own keys, in one statement.
#include "support/Assertions.h"
#include "support/Factory.h"
#include "support/TestClient.h"

#include <thread>

using crmtest::Factory;
using crmtest::TestClient;

class ConcurrentPatchTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ConcurrentPatchTest);
    CPPUNIT_TEST(patchesOfDifferentFieldsBothSurvive);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    Factory make{client};

public:
    void patchesOfDifferentFieldsBothSurvive() {
        const std::string token = client.adminToken();
        std::string id = make.workOrder(make.customer());
        const std::string path = "/api/v2/work-orders/" + id;
        for (int round = 0; round < 40; ++round) {
            std::string notes = "note " + std::to_string(round);
            std::string day = "2030-07-" + std::string(round % 28 < 9 ? "0" : "") + std::to_string(round % 28 + 1);
            int notesStatus = 0, dateStatus = 0;
            std::thread a([&] { notesStatus = client.call("PATCH", path, token, R"({"notes": ")" + notes + R"("})").status; });
            std::thread b([&] { dateStatus = client.call("PATCH", path, token, R"({"scheduled_date": ")" + day + R"("})").status; });
            a.join();
            b.join();
            CPPUNIT_ASSERT_EQUAL(200, notesStatus);
            CPPUNIT_ASSERT_EQUAL(200, dateStatus);
            auto w = client.call("GET", path, token).object();
            CPPUNIT_ASSERT_EQUAL(notes, w->getValue<std::string>("notes"));
            CPPUNIT_ASSERT_EQUAL(day, w->getValue<std::string>("scheduled_date"));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConcurrentPatchTest);
