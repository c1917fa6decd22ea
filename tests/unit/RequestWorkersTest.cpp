#include "http/RequestWorkers.h"
#include "net/WaitAside.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

// RequestWorkers runs at most `running` requests at once, and a request
// that steps aside to wait (WaitAside) lets a queued one run meanwhile.
class RequestWorkersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RequestWorkersTest);
    CPPUNIT_TEST(runsNoMoreRequestsAtOnceThanItsLimit);
    CPPUNIT_TEST(aRequestThatWaitsAsideLetsAnotherRun);
    CPPUNIT_TEST_SUITE_END();

    // Requests that have not stepped aside, now and at most.
    struct Running {
        std::mutex mutex;
        int now = 0, most = 0, served = 0;
        void begin() {
            std::lock_guard lock(mutex);
            most = std::max(most, ++now);
        }
        void end() {
            std::lock_guard lock(mutex);
            --now;
            ++served;
        }
    };

public:
    // Eight threads, two running at once: twelve requests of 20 ms each
    // never run more than two at a time, and all are served.
    void runsNoMoreRequestsAtOnceThanItsLimit() {
        Running running;
        {
            crm::RequestWorkers workers(8, 2, [&](crm::RequestWorkers::Connection) {
                running.begin();
                std::this_thread::sleep_for(20ms);
                running.end();
            });
            workers.start();
            for (int i = 0; i < 12; ++i) workers.enqueue({});
            workers.stop(5s);
        }
        CPPUNIT_ASSERT_EQUAL(12, running.served);
        CPPUNIT_ASSERT_EQUAL(2, running.most);
    }

    // One may run at once, yet four requests that each wait aside until
    // all four have started all get to start: a waiting request holds no
    // running slot. (Without stepping aside the first would wait alone for
    // the others, which could never start, until the deadline.)
    void aRequestThatWaitsAsideLetsAnotherRun() {
        std::mutex mutex;
        std::condition_variable changed;
        int started = 0;
        std::atomic<int> sawAll{0};
        {
            crm::RequestWorkers workers(4, 1, [&](crm::RequestWorkers::Connection) {
                std::unique_lock lock(mutex);
                ++started;
                changed.notify_all();
                crm::WaitAside aside;
                if (changed.wait_for(lock, 5s, [&] { return started == 4; })) ++sawAll;
            });
            workers.start();
            for (int i = 0; i < 4; ++i) workers.enqueue({});
            workers.stop(10s);
        }
        CPPUNIT_ASSERT_EQUAL(4, sawAll.load());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RequestWorkersTest);
