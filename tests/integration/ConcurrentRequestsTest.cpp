// Many clients at once, each verifying its token and reading: every
// request answers 200 and the server stays up. (POCO's OpenSSL reference
// counting once crashed the server here under concurrent token checks.)
#include "support/Assertions.h"
#include "support/TestClient.h"

#include <atomic>
#include <thread>
#include <vector>

using crmtest::TestClient;

class ConcurrentRequestsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ConcurrentRequestsTest);
    CPPUNIT_TEST(thirtyTwoClientsAtOnce);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;

public:
    void thirtyTwoClientsAtOnce() {
        const std::string token = client.adminToken();
        std::atomic<int> ok{0}, failed{0};
        std::vector<std::thread> clients;
        for (int c = 0; c < 32; ++c) {
            clients.emplace_back([&, c] {
                for (int i = 0; i < 60; ++i) {
                    const std::string path = (i % 2) ? "/api/v2/work-orders/" + std::to_string(1 + (c * 60 + i) % 300)
                                                     : "/api/v2/customers?page_size=5";
                    try {
                        int status = client.call("GET", path, token).status;
                        (status == 200 || status == 404 ? ok : failed)++;
                    } catch (const std::exception&) {
                        failed++;
                    }
                }
            });
        }
        for (auto& t : clients) t.join();
        CPPUNIT_ASSERT_EQUAL(0, failed.load());
        CPPUNIT_ASSERT_EQUAL(32 * 60, ok.load());
        ASSERT_STATUS(200, client.request("GET", "/health"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConcurrentRequestsTest);
