#include "auth/HashingThreads.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>

class HashingThreadsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HashingThreadsTest);
    CPPUNIT_TEST(runsWorkAtTheLowestPriorityOnAnotherThread);
    CPPUNIT_TEST(runsAsManyAtOnceAsItHasThreads);
    CPPUNIT_TEST(passesAnExceptionToTheCaller);
    CPPUNIT_TEST_SUITE_END();

public:
    void runsWorkAtTheLowestPriorityOnAnotherThread() {
        pid_t caller = gettid();
        int callerPriority = getpriority(PRIO_PROCESS, static_cast<id_t>(caller));  // under `nice`, not 0
        crm::HashingThreads threads(1);
        std::string seen = threads.run([] {
            return std::to_string(gettid()) + " " + std::to_string(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()))) +
                   " " + std::to_string(sched_getscheduler(0));
        });
        CPPUNIT_ASSERT(seen.rfind(std::to_string(caller) + " ", 0) != 0);
        CPPUNIT_ASSERT_EQUAL(" 19 " + std::to_string(SCHED_IDLE), seen.substr(seen.find(' ')));
        CPPUNIT_ASSERT_EQUAL(callerPriority, getpriority(PRIO_PROCESS, static_cast<id_t>(caller)));  // the caller keeps its own
    }

    // Two callers, two threads: both tasks are inside `work` at the same time.
    void runsAsManyAtOnceAsItHasThreads() {
        crm::HashingThreads threads(2);
        std::atomic<int> inside{0}, most{0};
        auto work = [&] {
            int now = ++inside;
            most = std::max(most.load(), now);
            auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
            while (most < 2 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
            --inside;
            return std::string("done");
        };
        std::thread other([&] { threads.run(work); });
        CPPUNIT_ASSERT_EQUAL(std::string("done"), threads.run(work));
        other.join();
        CPPUNIT_ASSERT_EQUAL(2, most.load());
    }

    void passesAnExceptionToTheCaller() {
        crm::HashingThreads threads(1);
        CPPUNIT_ASSERT_THROW(threads.run([]() -> std::string { throw std::runtime_error("no"); }), std::runtime_error);
        CPPUNIT_ASSERT_EQUAL(std::string("still serving"), threads.run([] { return std::string("still serving"); }));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HashingThreadsTest);
