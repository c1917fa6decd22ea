#include "auth/PasswordHasher.h"

#include <cppunit/extensions/HelperMacros.h>
#include <crypt.h>

class PasswordHasherTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PasswordHasherTest);
    CPPUNIT_TEST(verifiesAPasslibHash);
    CPPUNIT_TEST(refusesTheWrongPassword);
    CPPUNIT_TEST(hashesWithTheConfiguredCost);
    CPPUNIT_TEST(refusesMalformedHashes);
    CPPUNIT_TEST(hashesTheLongestPasswordTheApiTakes);
    CPPUNIT_TEST(keepsHashesOfLongPasswords);
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

    // 1024 characters of 4 bytes each: libxcrypt refuses 512 bytes or more,
    // and the hash used to throw (a 500 for PATCH /users/{id}).
    void hashesTheLongestPasswordTheApiTakes() {
        std::string longest;
        for (int i = 0; i < 1024; ++i) longest += "\xF0\x9F\x98\x80";
        std::string hash = hasher.hash(longest);
        CPPUNIT_ASSERT(hasher.verify(longest, hash));
        CPPUNIT_ASSERT(!hasher.verify(longest.substr(0, 68), hash));
    }

    // bcrypt reads 72 bytes: a hash made of a longer password without the
    // cut (by passlib, or by this server before it) still verifies.
    void keepsHashesOfLongPasswords() {
        std::string password(300, 'p');
        char setting[CRYPT_GENSALT_OUTPUT_SIZE];
        CPPUNIT_ASSERT(crypt_gensalt_rn("$2b$", 4, nullptr, 0, setting, sizeof setting));
        crypt_data data{};
        std::string stored = crypt_r(password.c_str(), setting, &data);
        CPPUNIT_ASSERT(hasher.verify(password, stored));
        CPPUNIT_ASSERT(!hasher.verify(std::string(71, 'p'), stored));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordHasherTest);
