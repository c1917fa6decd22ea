#include "auth/TokenService.h"

#include <Poco/Base64Encoder.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

using crm::TokenService;

namespace {

const std::string kSecret = "a-test-secret-that-is-long-enough-0123456789";

std::string base64url(const std::string& text) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder << text;
    encoder.close();
    return out.str();
}

}  // namespace

class TokenServiceTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TokenServiceTest);
    CPPUNIT_TEST(issuedAccessTokenVerifies);
    CPPUNIT_TEST(expiredTokenIsRefused);
    CPPUNIT_TEST(tamperedPayloadIsRefused);
    CPPUNIT_TEST(tamperedSignatureIsRefused);
    CPPUNIT_TEST(otherSecretIsRefused);
    CPPUNIT_TEST(algNoneIsRefused);
    CPPUNIT_TEST(wrongTypeIsRefused);
    CPPUNIT_TEST(garbageIsRefused);
    CPPUNIT_TEST_SUITE_END();

    TokenService tokens{kSecret, 60, 14};

public:
    void issuedAccessTokenVerifies() {
        auto issued = tokens.issue(7, "dispatcher", 3, "access");
        auto claims = tokens.verify(issued.token, "access");
        CPPUNIT_ASSERT(claims);
        CPPUNIT_ASSERT_EQUAL(int64_t(7), claims->userId);
        CPPUNIT_ASSERT_EQUAL(std::string("dispatcher"), claims->role);
        CPPUNIT_ASSERT_EQUAL(int64_t(3), *claims->technicianId);
        CPPUNIT_ASSERT_EQUAL(issued.claims.id, claims->id);
        CPPUNIT_ASSERT(claims->expiresAt > claims->issuedAt);
    }

    void expiredTokenIsRefused() {
        TokenService instant(kSecret, 0, 14);  // exp == iat: expired on arrival
        auto issued = instant.issue(7, "admin", std::nullopt, "access");
        CPPUNIT_ASSERT(!instant.verify(issued.token, "access"));
    }

    void tamperedPayloadIsRefused() {
        auto token = tokens.issue(7, "viewer", std::nullopt, "access").token;
        auto first = token.find('.'), second = token.find('.', first + 1);
        std::string forged = token.substr(0, first + 1) +
                             base64url(R"({"sub":"7","role":"admin","typ":"access","jti":"x","exp":9999999999})") +
                             token.substr(second);
        CPPUNIT_ASSERT(!tokens.verify(forged, "access"));
    }

    void tamperedSignatureIsRefused() {
        auto token = tokens.issue(7, "viewer", std::nullopt, "access").token;
        // Mid-signature: the last character may hold only padding bits.
        char& c = token[token.rfind('.') + 10];
        c = c == 'A' ? 'B' : 'A';
        CPPUNIT_ASSERT(!tokens.verify(token, "access"));
    }

    void otherSecretIsRefused() {
        TokenService other("another-secret-that-is-long-enough-9876543210", 60, 14);
        CPPUNIT_ASSERT(!tokens.verify(other.issue(7, "admin", std::nullopt, "access").token, "access"));
    }

    void algNoneIsRefused() {
        std::string unsigned_ = base64url(R"({"alg":"none","typ":"JWT"})") + "." +
                                base64url(R"({"sub":"1","role":"admin","typ":"access","jti":"j","exp":9999999999})") + ".";
        CPPUNIT_ASSERT(!tokens.verify(unsigned_, "access"));
    }

    void wrongTypeIsRefused() {
        auto refresh = tokens.issue(7, "admin", std::nullopt, "refresh", "family").token;
        CPPUNIT_ASSERT(!tokens.verify(refresh, "access"));
        CPPUNIT_ASSERT(tokens.verify(refresh, "refresh"));
        auto access = tokens.issue(7, "admin", std::nullopt, "access").token;
        CPPUNIT_ASSERT(!tokens.verify(access, "refresh"));
    }

    void garbageIsRefused() {
        CPPUNIT_ASSERT(!tokens.verify("", "access"));
        CPPUNIT_ASSERT(!tokens.verify("not.a.jwt", "access"));
        CPPUNIT_ASSERT(!tokens.verify("a.b", "access"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TokenServiceTest);
