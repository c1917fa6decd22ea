// The auth contract (API.md section 2) over real HTTP.
#include "support/Assertions.h"
#include "support/TestClient.h"

using crmtest::TestClient;

class AuthFlowTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AuthFlowTest);
    CPPUNIT_TEST(loginAnswersTokensAndUser);
    CPPUNIT_TEST(loginAcceptsTheOAuth2Form);
    CPPUNIT_TEST(loginMatchesEmailCaseInsensitively);
    CPPUNIT_TEST(wrongPasswordAndUnknownEmailLookAlike);
    CPPUNIT_TEST(loginWithoutFieldsIs422);
    CPPUNIT_TEST(meReturnsTheUser);
    CPPUNIT_TEST(refreshRotatesAndReuseRevokesTheFamily);
    CPPUNIT_TEST(accessTokenIsNotARefreshToken);
    CPPUNIT_TEST(logoutRevokesAtOnce);
    CPPUNIT_TEST(disabledUserCannotLogIn);
    CPPUNIT_TEST(repeatedFailuresAreRateLimited);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    const std::string password = "a-long-enough-password";

    std::string newUser(const std::string& role, std::string* id = nullptr) {
        std::string email = TestClient::unique("auth") + "@example.com";
        auto r = client.call("POST", "/api/v2/users", client.adminToken(),
                             R"({"email": ")" + email + R"(", "password": ")" + password + R"(", "full_name": "Pat", "role": ")" + role + R"("})");
        ASSERT_STATUS(201, r);
        if (id) *id = std::to_string(r.object()->getValue<int>("id"));
        return email;
    }

    crmtest::HttpResult loginJson(const std::string& email, const std::string& pass) {
        return client.request("POST", "/api/v2/auth/login", R"({"email": ")" + email + R"(", "password": ")" + pass + R"("})",
                              {{"Content-Type", "application/json"}});
    }

public:
    void loginAnswersTokensAndUser() {
        std::string email = newUser("dispatcher");
        auto r = loginJson(email, password);
        ASSERT_STATUS(200, r);
        auto o = r.object();
        CPPUNIT_ASSERT_EQUAL(std::string("bearer"), o->getValue<std::string>("token_type"));
        CPPUNIT_ASSERT_EQUAL(1440 * 60, o->getValue<int>("expires_in"));
        CPPUNIT_ASSERT(!o->getValue<std::string>("access_token").empty());
        CPPUNIT_ASSERT(!o->getValue<std::string>("refresh_token").empty());
        auto user = o->getObject("user");
        CPPUNIT_ASSERT_EQUAL(email, user->getValue<std::string>("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("dispatcher"), user->getValue<std::string>("role"));
        CPPUNIT_ASSERT(user->getValue<bool>("is_active"));
        for (const char* key : {"id", "full_name", "technician_id", "created_at"}) CPPUNIT_ASSERT_MESSAGE(key, user->has(key));
        CPPUNIT_ASSERT(!user->has("hashed_password"));
    }

    void loginAcceptsTheOAuth2Form() {
        std::string email = newUser("viewer");
        auto r = client.request("POST", "/api/v2/auth/login", "username=" + email + "&password=" + password,
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
        ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT(r.object()->has("access_token"));
    }

    void loginMatchesEmailCaseInsensitively() {
        std::string email = newUser("viewer");
        std::string upper = email;
        for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        ASSERT_STATUS(200, loginJson(upper, password));
    }

    void wrongPasswordAndUnknownEmailLookAlike() {
        std::string email = newUser("viewer");
        auto wrong = loginJson(email, "not-the-password");
        auto unknown = loginJson("nobody-" + email, password);
        ASSERT_STATUS(401, wrong);
        ASSERT_STATUS(401, unknown);
        CPPUNIT_ASSERT_EQUAL(std::string("Incorrect email or password"), wrong.detail());
        CPPUNIT_ASSERT_EQUAL(wrong.body, unknown.body);
    }

    void loginWithoutFieldsIs422() {
        auto r = client.request("POST", "/api/v2/auth/login", "{}", {{"Content-Type", "application/json"}});
        ASSERT_INVALID("body.email", r);
        ASSERT_INVALID("body.password", r);
    }

    void meReturnsTheUser() {
        std::string email = newUser("technician");
        auto r = client.call("GET", "/api/v2/auth/me", client.login(email, password));
        ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(email, r.object()->getValue<std::string>("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("technician"), r.object()->getValue<std::string>("role"));
    }

    void refreshRotatesAndReuseRevokesTheFamily() {
        std::string email = newUser("dispatcher");
        std::string first = loginJson(email, password).object()->getValue<std::string>("refresh_token");
        auto body = [](const std::string& t) { return R"({"refresh_token": ")" + t + R"("})"; };

        auto rotated = client.call("POST", "/api/v2/auth/refresh", "", body(first));
        ASSERT_STATUS(200, rotated);
        std::string second = rotated.object()->getValue<std::string>("refresh_token");
        CPPUNIT_ASSERT(second != first);
        ASSERT_STATUS(200, client.call("GET", "/api/v2/auth/me", rotated.object()->getValue<std::string>("access_token")));

        // The spent token comes back: a replay. It fails, and so does the
        // newest token of its family.
        auto replay = client.call("POST", "/api/v2/auth/refresh", "", body(first));
        ASSERT_STATUS(401, replay);
        ASSERT_STATUS(401, client.call("POST", "/api/v2/auth/refresh", "", body(second)));
    }

    void accessTokenIsNotARefreshToken() {
        std::string email = newUser("viewer");
        auto o = loginJson(email, password).object();
        auto r = client.call("POST", "/api/v2/auth/refresh", "", R"({"refresh_token": ")" + o->getValue<std::string>("access_token") + R"("})");
        ASSERT_STATUS(401, r);
        CPPUNIT_ASSERT_EQUAL(std::string("Invalid token"), r.detail());
        // And a refresh token is not an access token.
        ASSERT_STATUS(401, client.call("GET", "/api/v2/auth/me", o->getValue<std::string>("refresh_token")));
    }

    void logoutRevokesAtOnce() {
        std::string email = newUser("dispatcher");
        auto o = loginJson(email, password).object();
        std::string access = o->getValue<std::string>("access_token");
        std::string refresh = o->getValue<std::string>("refresh_token");
        ASSERT_STATUS(200, client.call("GET", "/api/v2/customers", access));
        auto out = client.call("POST", "/api/v2/auth/logout", access, R"({"refresh_token": ")" + refresh + R"("})");
        ASSERT_STATUS(204, out);
        CPPUNIT_ASSERT(out.body.empty());
        auto after = client.call("GET", "/api/v2/customers", access);
        ASSERT_STATUS(401, after);
        CPPUNIT_ASSERT_EQUAL(std::string("Invalid token"), after.detail());
        ASSERT_STATUS(401, client.call("POST", "/api/v2/auth/refresh", "", R"({"refresh_token": ")" + refresh + R"("})"));
    }

    void disabledUserCannotLogIn() {
        std::string id;
        std::string email = newUser("viewer", &id);
        ASSERT_STATUS(200, client.call("PATCH", "/api/v2/users/" + id, client.adminToken(), R"({"is_active": false})"));
        auto r = loginJson(email, password);
        ASSERT_STATUS(401, r);
        CPPUNIT_ASSERT_EQUAL(std::string("Incorrect email or password"), r.detail());
    }

    void repeatedFailuresAreRateLimited() {
        // The test server allows 5 failures per email a minute.
        std::string email = newUser("viewer");
        for (int i = 0; i < 5; ++i) ASSERT_STATUS(401, loginJson(email, "wrong-password-" + std::to_string(i)));
        auto limited = loginJson(email, password);  // even the right password waits
        ASSERT_STATUS(429, limited);
        CPPUNIT_ASSERT(!limited.header("Retry-After").empty());
        CPPUNIT_ASSERT(limited.detail().rfind("Too many login attempts; retry in ", 0) == 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AuthFlowTest);
