// The database goes away and comes back: requests get 503 with Retry-After
// meanwhile (never 500, never a crash), and the server recovers by itself.
// scripts/test provides the commands that stop and start its cluster.
#include "support/Assertions.h"
#include "support/TestClient.h"

#include <chrono>
#include <cstdlib>
#include <thread>

using crmtest::TestClient;

class DatabaseOutageTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DatabaseOutageTest);
    CPPUNIT_TEST(answers503AndRecovers);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;

    static void run(const char* variable) {
        std::string command = TestClient::env(variable);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(command, 0, std::system(command.c_str()));
    }

public:
    void answers503AndRecovers() {
        std::string token = client.adminToken();
        ASSERT_STATUS(200, client.call("GET", "/api/v2/customers?page_size=1", token));

        run("CRM_TEST_DB_STOP");
        struct Restart {
            // A destructor cannot fail the test; the next request's status does.
            ~Restart() { (void)!std::system(TestClient::env("CRM_TEST_DB_START").c_str()); }
        } restartEvenIfAssertionsFail;

        auto list = client.call("GET", "/api/v2/customers?page_size=1", token);
        ASSERT_STATUS(503, list);
        CPPUNIT_ASSERT_EQUAL(std::string("Service temporarily unavailable"), list.detail());
        CPPUNIT_ASSERT(!list.header("Retry-After").empty());
        auto health = client.request("GET", "/health");
        ASSERT_STATUS(503, health);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"status": "unhealthy", "database": "unreachable"})"), health.body);

        run("CRM_TEST_DB_START");
        // Every pooled session was idle through the restart; none may fail a request.
        for (int i = 0; i < 30; ++i) ASSERT_STATUS(200, client.call("GET", "/api/v2/customers?page_size=1", token));
        ASSERT_STATUS(200, client.request("GET", "/health"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DatabaseOutageTest);
