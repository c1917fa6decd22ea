// A campaign of a few hundred recipients goes to a slow SMTP sink; the
// server is killed with SIGKILL mid-way and started again. The campaign
// must complete with every recipient served: nothing lost, and a duplicate
// only for the message in flight at the kill (same Message-ID).
#include "support/Assertions.h"
#include "support/Factory.h"
#include "support/SmtpSink.h"
#include "support/TestClient.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <thread>

using crmtest::Factory;
using crmtest::TestClient;

class CrashSafetyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CrashSafetyTest);
    CPPUNIT_TEST(aKilledServerLosesNoDelivery);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    Factory make{client};

    static void run(const char* variable) {
        std::string command = TestClient::env(variable);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(command, 0, std::system(command.c_str()));
    }

public:
    void aKilledServerLosesNoDelivery() {
        const int recipients = 300;
        std::string region = TestClient::unique("Crash"), domain = TestClient::unique("c") + ".example";
        for (int i = 0; i < recipients; ++i)
            make.customer(R"(, "region": ")" + region + R"(", "email": "r)" + std::to_string(i) + "+slow@" + domain + "\"");
        auto created = client.call("POST", "/api/v2/email-campaigns", client.adminToken(),
                                   R"({"name": "Crash", "subject": "Crash test", "body_text": "Hi {{name}}", "audience": {"region": ")" + region + R"("}})");
        ASSERT_STATUS(201, created);
        std::string id = std::to_string(created.object()->getValue<int>("id"));
        ASSERT_STATUS(202, client.call("POST", "/api/v2/email-campaigns/" + id + "/send", client.adminToken()));

        // Let part of it go out (40 ms a message), then kill the server.
        std::size_t beforeKill = 0;
        for (int i = 0; i < 200 && beforeKill < 40; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            beforeKill = crmtest::sinkMessages("@" + domain).size();
        }
        CPPUNIT_ASSERT(beforeKill >= 40);
        run("CRM_TEST_SERVER_KILL");
        std::size_t atKill = crmtest::sinkMessages("@" + domain).size();
        CPPUNIT_ASSERT_MESSAGE("the kill came too late to test anything", atKill < static_cast<std::size_t>(recipients));
        run("CRM_TEST_SERVER_START");

        std::string status;
        for (int i = 0; i < 600 && status != "sent"; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            auto r = client.call("GET", "/api/v2/email-campaigns/" + id, client.adminToken());
            if (r.status == 200) status = r.object()->getValue<std::string>("status");
        }
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), status);
        auto campaign = client.call("GET", "/api/v2/email-campaigns/" + id, client.adminToken()).object();
        CPPUNIT_ASSERT_EQUAL(recipients, campaign->getValue<int>("sent_count"));
        CPPUNIT_ASSERT_EQUAL(0, campaign->getValue<int>("failed_count"));

        auto messages = crmtest::sinkMessages("@" + domain);
        std::map<std::string, int> perAddress;
        std::map<std::string, std::string> idOf;
        for (const auto& m : messages) {
            ++perAddress[m.to];
            if (idOf.count(m.to)) CPPUNIT_ASSERT_EQUAL(idOf[m.to], m.messageId);  // a duplicate carries the same id
            idOf[m.to] = m.messageId;
        }
        int lost = 0, duplicates = 0;
        for (int i = 0; i < recipients; ++i) {
            int n = perAddress["r" + std::to_string(i) + "+slow@" + domain];
            if (n == 0) ++lost;
            if (n > 1) duplicates += n - 1;
        }
        // scripts/test prints this line after the run: the figures of the issue note.
        std::ofstream(TestClient::env("CRM_TEST_WORK") + "/crash-test.txt")
            << "crash test: " << recipients << " recipients, " << atKill << " received before the SIGKILL, "
            << messages.size() << " received in all, " << lost << " lost, " << duplicates << " duplicates\n";
        CPPUNIT_ASSERT_EQUAL(0, lost);
        // One sender claims one delivery per transaction: at most one in flight.
        CPPUNIT_ASSERT(duplicates <= 1);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CrashSafetyTest);
