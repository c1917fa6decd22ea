#include "auth/PasswordHasher.h"

#include <cppunit/extensions/HelperMacros.h>

class PasswordHasherTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PasswordHasherTest);
    CPPUNIT_TEST(verifiesAPasslibHash);
    CPPUNIT_TEST(refusesTheWrongPassword);
    CPPUNIT_TEST(hashesWithTheConfiguredCost);
    CPPUNIT_TEST(refusesMalformedHashes);
    CPPUNIT_TEST_SUITE_END();

    // Written by passlib's bcrypt (cost 12) for the password "admin-bench-pass".
    const std::string passlibHash = "$2b$12$uOSvHvQ2vlD9mmHWor.GcORQpyYn1vL05wpdrQNsgs5Fnej5eJAHi";
    crm::PasswordHasher hasher{4, 1};

public:
    void verifiesAPasslibHash() { CPPUNIT_ASSERT(hasher.verify("admin-bench-pass", passlibHash)); }

    void refusesTheWrongPassword() {
        CPPUNIT_ASSERT(!hasher.verify("admin-bench-pasS", passlibHash));
        CPPUNIT_ASSERT(!hasher.verify("", passlibHash));
    }

    void hashesWithTheConfiguredCost() {
        std::string hash = hasher.hash("correct horse battery");
        CPPUNIT_ASSERT_EQUAL(std::string("$2b$04$"), hash.substr(0, 7));
        CPPUNIT_ASSERT(hasher.verify("correct horse battery", hash));
        CPPUNIT_ASSERT(hash != hasher.hash("correct horse battery"));  // salted
    }

    void refusesMalformedHashes() {
        CPPUNIT_ASSERT(!hasher.verify("x", ""));
        CPPUNIT_ASSERT(!hasher.verify("x", "plaintext"));
        CPPUNIT_ASSERT(!hasher.verify("x", "$2b$12$tooshort"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordHasherTest);
