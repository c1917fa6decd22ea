#include "auth/RevokedTokenSet.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using crm::RevokedTokenSet;

class RevokedTokenSetTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RevokedTokenSetTest);
    CPPUNIT_TEST(holdsWhatWasAdded);
    CPPUNIT_TEST(forgetsTokensAtTheirExpiry);
    CPPUNIT_TEST(keepsTheLaterExpiryOfARepeat);
    CPPUNIT_TEST_SUITE_END();

    static std::string jti(int i) { return "8f0c7a52-1d3e-4b6a-9c2f-" + std::to_string(100000000000 + i); }

public:
    void holdsWhatWasAdded() {
        RevokedTokenSet set;
        for (int i = 0; i < 10000; ++i) set.add(jti(i), 2000);
        for (int i = 0; i < 10000; ++i) CPPUNIT_ASSERT(set.contains(jti(i)));
        for (int i = 10000; i < 20000; ++i) CPPUNIT_ASSERT(!set.contains(jti(i)));
    }

    void forgetsTokensAtTheirExpiry() {
        RevokedTokenSet set;
        for (int i = 0; i < 1000; ++i) set.add(jti(i), 1000 + i);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), set.forgetExpired(999));
        CPPUNIT_ASSERT_EQUAL(std::size_t(500), set.forgetExpired(1499));
        CPPUNIT_ASSERT_EQUAL(std::size_t(500), set.size());
        CPPUNIT_ASSERT(!set.contains(jti(499)));
        CPPUNIT_ASSERT(set.contains(jti(500)));
        CPPUNIT_ASSERT_EQUAL(std::size_t(500), set.forgetExpired(5000));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), set.size());
    }

    void keepsTheLaterExpiryOfARepeat() {
        RevokedTokenSet set;
        set.add(jti(1), 2000);
        set.add(jti(1), 1000);  // the poll reading back this node's own revocation
        set.forgetExpired(1500);
        CPPUNIT_ASSERT(set.contains(jti(1)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RevokedTokenSetTest);
