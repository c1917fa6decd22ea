#include "auth/LoginRateLimiter.h"

#include <cppunit/extensions/HelperMacros.h>

using crm::LoginRateLimiter;
using namespace std::chrono_literals;

class LoginRateLimiterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LoginRateLimiterTest);
    CPPUNIT_TEST(limitsAnEmailAfterItsFailures);
    CPPUNIT_TEST(limitsAnAddressAcrossEmails);
    CPPUNIT_TEST(windowEndLiftsTheLimit);
    CPPUNIT_TEST(successClearsTheEmailAndTakesBackTheAttempt);
    CPPUNIT_TEST(anAdmittedAttemptIsCountedBeforeItsOutcome);
    CPPUNIT_TEST_SUITE_END();

    LoginRateLimiter::Clock::time_point t0 = LoginRateLimiter::Clock::now();

public:
    void limitsAnEmailAfterItsFailures() {
        LoginRateLimiter limiter(3, 100, 60s);
        for (int i = 0; i < 3; ++i) CPPUNIT_ASSERT_EQUAL(0, limiter.admit("a@x.io", "10.0.0." + std::to_string(i), t0));
        int wait = limiter.admit("a@x.io", "10.0.0.9", t0 + 10s);
        CPPUNIT_ASSERT(wait >= 49 && wait <= 50);
        CPPUNIT_ASSERT_EQUAL(0, limiter.admit("b@x.io", "10.0.0.9", t0 + 10s));
    }

    void limitsAnAddressAcrossEmails() {
        LoginRateLimiter limiter(100, 2, 60s);
        limiter.admit("a@x.io", "10.0.0.1", t0);
        limiter.admit("b@x.io", "10.0.0.1", t0);
        CPPUNIT_ASSERT(limiter.admit("c@x.io", "10.0.0.1", t0) > 0);
        CPPUNIT_ASSERT_EQUAL(0, limiter.admit("c@x.io", "10.0.0.2", t0));
    }

    void windowEndLiftsTheLimit() {
        LoginRateLimiter limiter(1, 100, 60s);
        limiter.admit("a@x.io", "10.0.0.1", t0);
        CPPUNIT_ASSERT(limiter.admit("a@x.io", "10.0.0.1", t0 + 59s) > 0);
        CPPUNIT_ASSERT_EQUAL(0, limiter.admit("a@x.io", "10.0.0.1", t0 + 60s));
    }

    void successClearsTheEmailAndTakesBackTheAttempt() {
        LoginRateLimiter limiter(2, 2, 60s);
        limiter.admit("a@x.io", "10.0.0.1", t0);
        limiter.succeeded("a@x.io", "10.0.0.1");
        limiter.admit("a@x.io", "10.0.0.1", t0);
        CPPUNIT_ASSERT_EQUAL(0, limiter.admit("a@x.io", "10.0.0.1", t0));  // 1 of 2 for the email and the address
        CPPUNIT_ASSERT(limiter.admit("a@x.io", "10.0.0.1", t0) > 0);
    }

    void anAdmittedAttemptIsCountedBeforeItsOutcome() {
        // Five attempts in flight at once, none finished: the sixth waits.
        LoginRateLimiter limiter(5, 100, 60s);
        for (int i = 0; i < 5; ++i) CPPUNIT_ASSERT_EQUAL(0, limiter.admit("a@x.io", "10.0.0.1", t0));
        CPPUNIT_ASSERT(limiter.admit("a@x.io", "10.0.0.1", t0) > 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginRateLimiterTest);
