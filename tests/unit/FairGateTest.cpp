#include "db/FairGate.h"

#include <cppunit/extensions/HelperMacros.h>

#include <mutex>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

class FairGateTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FairGateTest);
    CPPUNIT_TEST(admitsAsManyAsItHasPermits);
    CPPUNIT_TEST(waitersGetInInArrivalOrder);
    CPPUNIT_TEST(aWaiterWhoGaveUpDoesNotTakeAPermit);
    CPPUNIT_TEST_SUITE_END();

public:
    void admitsAsManyAsItHasPermits() {
        crm::FairGate gate(2);
        CPPUNIT_ASSERT(gate.enter(0ms));
        CPPUNIT_ASSERT(gate.enter(0ms));
        CPPUNIT_ASSERT(!gate.enter(10ms));
        gate.leave();
        CPPUNIT_ASSERT(gate.enter(0ms));
    }

    // Three waiters queue one after the other; each permit handed back goes
    // to the one that has waited longest.
    void waitersGetInInArrivalOrder() {
        crm::FairGate gate(1);
        CPPUNIT_ASSERT(gate.enter(0ms));
        std::mutex mutex;
        std::vector<int> order;
        std::vector<std::thread> waiters;
        for (int i = 0; i < 3; ++i) {
            waiters.emplace_back([&, i] {
                CPPUNIT_ASSERT(gate.enter(5s));
                {
                    std::lock_guard lock(mutex);
                    order.push_back(i);
                }
                gate.leave();
            });
            std::this_thread::sleep_for(50ms);  // queued before the next one starts
        }
        gate.leave();
        for (auto& w : waiters) w.join();
        CPPUNIT_ASSERT(order == std::vector<int>({0, 1, 2}));
    }

    void aWaiterWhoGaveUpDoesNotTakeAPermit() {
        crm::FairGate gate(1);
        CPPUNIT_ASSERT(gate.enter(0ms));
        CPPUNIT_ASSERT(!gate.enter(20ms));  // gives up and leaves the queue
        gate.leave();
        CPPUNIT_ASSERT(gate.enter(0ms));    // the permit was free, not handed to the one who left
        CPPUNIT_ASSERT(!gate.enter(0ms));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FairGateTest);
