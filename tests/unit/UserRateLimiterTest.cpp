#include "auth/UserRateLimiter.h"

#include <cppunit/extensions/HelperMacros.h>

using crm::UserRateLimiter;
using namespace std::chrono_literals;

class UserRateLimiterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UserRateLimiterTest);
    CPPUNIT_TEST(admitsTheLimitThenAnswersTheWait);
    CPPUNIT_TEST(usersAreCountedApart);
    CPPUNIT_TEST(windowEndLiftsTheLimitAndRefusalsDoNotCount);
    CPPUNIT_TEST(endedWindowsAreForgotten);
    CPPUNIT_TEST(trackedUsersAreCapped);
    CPPUNIT_TEST_SUITE_END();

    UserRateLimiter::Clock::time_point t0 = UserRateLimiter::Clock::now();

public:
    void admitsTheLimitThenAnswersTheWait() {
        UserRateLimiter limiter(3, 60s);
        for (int i = 0; i < 3; ++i) CPPUNIT_ASSERT_EQUAL(0, limiter.admit(7, t0));
        CPPUNIT_ASSERT_EQUAL(50, limiter.admit(7, t0 + 10s + 500ms));  // 49.5 s left: rounded up
        CPPUNIT_ASSERT_EQUAL(1, limiter.admit(7, t0 + 59s + 100ms));
    }

    void usersAreCountedApart() {
        UserRateLimiter limiter(1, 60s);
        CPPUNIT_ASSERT_EQUAL(0, limiter.admit(1, t0));
        CPPUNIT_ASSERT(limiter.admit(1, t0) > 0);
        CPPUNIT_ASSERT_EQUAL(0, limiter.admit(2, t0));
    }

    void windowEndLiftsTheLimitAndRefusalsDoNotCount() {
        UserRateLimiter limiter(2, 60s);
        limiter.admit(7, t0);
        limiter.admit(7, t0);
        for (int i = 0; i < 100; ++i) CPPUNIT_ASSERT(limiter.admit(7, t0 + 30s) > 0);
        CPPUNIT_ASSERT_EQUAL(0, limiter.admit(7, t0 + 60s));
        CPPUNIT_ASSERT_EQUAL(0, limiter.admit(7, t0 + 61s));
        CPPUNIT_ASSERT(limiter.admit(7, t0 + 62s) > 0);
    }

    void endedWindowsAreForgotten() {
        UserRateLimiter limiter(5, 60s);
        for (int64_t user = 1; user <= 1000; ++user) limiter.admit(user, t0);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1000), limiter.trackedUsers());
        limiter.admit(5000, t0 + 61s);  // a window later, the next request sweeps
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), limiter.trackedUsers());
    }

    void trackedUsersAreCapped() {
        UserRateLimiter limiter(1, 60s, 10);
        for (int64_t user = 1; user <= 50; ++user) limiter.admit(user, t0);
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), limiter.trackedUsers());
        CPPUNIT_ASSERT_EQUAL(0, limiter.admit(50, t0));  // untracked: admitted
        CPPUNIT_ASSERT(limiter.admit(1, t0) > 0);        // tracked ones keep their limit
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UserRateLimiterTest);
