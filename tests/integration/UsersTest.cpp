// /users/ administration (API.md section 2).
#include "support/Assertions.h"
#include "support/TestClient.h"

using crmtest::TestClient;

class UsersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UsersTest);
    CPPUNIT_TEST(adminCreatesListsGetsAndPatches);
    CPPUNIT_TEST(duplicateEmailIs409WhateverTheCase);
    CPPUNIT_TEST(badInputIs422);
    CPPUNIT_TEST(onlyAdminsManageUsers);
    CPPUNIT_TEST(unknownUserIs404);
    CPPUNIT_TEST(passwordChangeTakesEffect);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;

    crmtest::HttpResult create(const std::string& email, const std::string& role = "viewer",
                               const std::string& password = "a-long-enough-password") {
        return client.call("POST", "/api/v2/users", client.adminToken(),
                           R"({"email": ")" + email + R"(", "password": ")" + password + R"(", "role": ")" + role + R"("})");
    }

public:
    void adminCreatesListsGetsAndPatches() {
        std::string email = TestClient::unique("user") + "@example.com";
        auto created = create(email, "dispatcher");
        ASSERT_STATUS(201, created);
        std::string id = std::to_string(created.object()->getValue<int>("id"));

        auto list = client.call("GET", "/api/v2/users?page_size=200&sort=-created_at", client.adminToken());
        ASSERT_STATUS(200, list);
        auto page = list.object();
        CPPUNIT_ASSERT(page->getValue<int>("total") >= 2);
        CPPUNIT_ASSERT_EQUAL(200, page->getValue<int>("page_size"));
        CPPUNIT_ASSERT_EQUAL(id, std::to_string(page->getArray("items")->getObject(0)->getValue<int>("id")));

        auto patched = client.call("PATCH", "/api/v2/users/" + id, client.adminToken(), R"({"role": "viewer", "full_name": "Sam Field"})");
        ASSERT_STATUS(200, patched);
        CPPUNIT_ASSERT_EQUAL(std::string("viewer"), patched.object()->getValue<std::string>("role"));
        auto got = client.call("GET", "/api/v2/users/" + id, client.adminToken());
        ASSERT_STATUS(200, got);
        CPPUNIT_ASSERT_EQUAL(std::string("Sam Field"), got.object()->getValue<std::string>("full_name"));
    }

    void duplicateEmailIs409WhateverTheCase() {
        std::string email = TestClient::unique("dup") + "@example.com";
        ASSERT_STATUS(201, create(email));
        std::string upper = email;
        upper[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[0])));
        auto again = create(upper);
        ASSERT_STATUS(409, again);
        CPPUNIT_ASSERT(again.detail().find("already exists") != std::string::npos);
    }

    void badInputIs422() {
        ASSERT_INVALID("body.password", create(TestClient::unique("p") + "@example.com", "viewer", "short"));
        ASSERT_INVALID("body.role", create(TestClient::unique("r") + "@example.com", "overlord"));
        ASSERT_INVALID("body.email", create("not-an-email"));
        ASSERT_INVALID("query.sort", client.call("GET", "/api/v2/users?sort=password", client.adminToken()));
    }

    void onlyAdminsManageUsers() {
        for (const char* role : {"dispatcher", "viewer", "technician"}) {
            std::string token = client.tokenForNewUser(role);
            auto r = client.call("GET", "/api/v2/users", token);
            ASSERT_STATUS(403, r);
            CPPUNIT_ASSERT_EQUAL(std::string("Not enough permissions"), r.detail());
        }
    }

    void unknownUserIs404() {
        auto r = client.call("GET", "/api/v2/users/999999", client.adminToken());
        ASSERT_STATUS(404, r);
        CPPUNIT_ASSERT_EQUAL(std::string("User not found"), r.detail());
        ASSERT_STATUS(404, client.call("PATCH", "/api/v2/users/999999", client.adminToken(), R"({"role": "viewer"})"));
    }

    void passwordChangeTakesEffect() {
        std::string email = TestClient::unique("pw") + "@example.com";
        auto created = create(email);
        std::string id = std::to_string(created.object()->getValue<int>("id"));
        ASSERT_STATUS(200, client.call("PATCH", "/api/v2/users/" + id, client.adminToken(), R"({"password": "another-long-password"})"));
        CPPUNIT_ASSERT(!client.login(email, "another-long-password").empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UsersTest);
