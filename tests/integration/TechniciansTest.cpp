// Technicians (API.md section 4).
#include "support/Assertions.h"
#include "support/Factory.h"
#include "support/TestClient.h"

#include <Poco/String.h>

using crmtest::Factory;
using crmtest::TestClient;

class TechniciansTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TechniciansTest);
    CPPUNIT_TEST(createAppliesDefaults);
    CPPUNIT_TEST(listFiltersBySkillActiveAndSearch);
    CPPUNIT_TEST(putReplacesAndPatchChangesOnlyWhatIsSent);
    CPPUNIT_TEST(fieldRulesAre422);
    CPPUNIT_TEST(unknownUserIs422NamingTheField);
    CPPUNIT_TEST(staleIfMatchIs412AndChangesNothing);
    CPPUNIT_TEST(unknownIdIs404);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    Factory make{client};
    std::string token;

public:
    void setUp() override { token = client.adminToken(); }

    void createAppliesDefaults() {
        auto r = client.call("POST", "/api/v2/technicians", token, R"({"name": " Ana Diaz ", "color": "#1A2b3C"})");
        ASSERT_STATUS(201, r);
        auto t = r.object();
        CPPUNIT_ASSERT_EQUAL(std::string("Ana Diaz"), t->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(size_t(0), t->getArray("skills")->size());
        CPPUNIT_ASSERT(t->getValue<bool>("is_active"));
        CPPUNIT_ASSERT(t->isNull("user_id"));
        CPPUNIT_ASSERT(!r.header("ETag").empty());
        for (const char* key : {"id", "email", "phone", "color", "created_at", "updated_at"}) CPPUNIT_ASSERT_MESSAGE(key, t->has(key));
    }

    void listFiltersBySkillActiveAndSearch() {
        std::string skill = TestClient::unique("skill");
        std::string active = make.technician(R"(, "skills": [")" + skill + R"(", "hvac"])");
        make.technician(R"(, "skills": [")" + skill + R"("], "is_active": false)");
        auto all = client.call("GET", "/api/v2/technicians?skill=" + skill, token).object();
        CPPUNIT_ASSERT_EQUAL(2, all->getValue<int>("total"));
        auto onlyActive = client.call("GET", "/api/v2/technicians?is_active=true&skill=" + skill, token).object();
        CPPUNIT_ASSERT_EQUAL(1, onlyActive->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(active, std::to_string(onlyActive->getArray("items")->getObject(0)->getValue<int>("id")));
        auto name = client.call("GET", "/api/v2/technicians/" + active, token).object()->getValue<std::string>("name");
        auto found = client.call("GET", "/api/v2/technicians?search=" + Poco::replace(name, " ", "%20"), token).object();
        CPPUNIT_ASSERT_EQUAL(1, found->getValue<int>("total"));
        ASSERT_INVALID("query.is_active", client.call("GET", "/api/v2/technicians?is_active=sometimes", token));
    }

    void putReplacesAndPatchChangesOnlyWhatIsSent() {
        std::string id = make.technician(R"(, "email": "t@crew.example", "skills": ["septic"], "color": "#000000")");
        auto patched = client.call("PATCH", "/api/v2/technicians/" + id, token, R"({"skills": ["hvac", " plumbing "]})");
        ASSERT_STATUS(200, patched);
        auto t = patched.object();
        CPPUNIT_ASSERT_EQUAL(std::string("plumbing"), t->getArray("skills")->getElement<std::string>(1));
        CPPUNIT_ASSERT_EQUAL(std::string("t@crew.example"), t->getValue<std::string>("email"));
        auto replaced = client.call("PUT", "/api/v2/technicians/" + id, token, R"({"name": "Renamed", "is_active": false})");
        ASSERT_STATUS(200, replaced);
        auto r = replaced.object();
        CPPUNIT_ASSERT(r->isNull("email"));
        CPPUNIT_ASSERT(r->isNull("color"));
        CPPUNIT_ASSERT_EQUAL(size_t(0), r->getArray("skills")->size());
        CPPUNIT_ASSERT(!r->getValue<bool>("is_active"));
    }

    void fieldRulesAre422() {
        auto post = [&](const std::string& json) { return client.call("POST", "/api/v2/technicians", token, json); };
        ASSERT_INVALID("body.name", post(R"({})"));
        ASSERT_INVALID("body.color", post(R"({"name": "x", "color": "blue"})"));
        ASSERT_INVALID("body.color", post(R"({"name": "x", "color": "#12345G"})"));
        ASSERT_INVALID("body.skills", post(R"({"name": "x", "skills": "septic"})"));
        ASSERT_INVALID("body.skills", post(R"({"name": "x", "skills": [""]})"));
        ASSERT_INVALID("body.skills", post(R"({"name": "x", "skills": [")" + std::string(101, 's') + R"("]})"));
        std::string many = "[";
        for (int i = 0; i < 51; ++i) many += (i ? ", " : "") + std::string("\"s") + std::to_string(i) + "\"";
        ASSERT_INVALID("body.skills", post(R"({"name": "x", "skills": )" + many + "]}"));
        ASSERT_INVALID("body.is_active", post(R"({"name": "x", "is_active": "yes"})"));
        ASSERT_INVALID("body.user_id", post(R"({"name": "x", "user_id": "1"})"));
    }

    void unknownUserIs422NamingTheField() {
        ASSERT_INVALID("body.user_id", client.call("POST", "/api/v2/technicians", token, R"({"name": "x", "user_id": 987654})"));
        std::string id = make.technician();
        auto before = client.call("GET", "/api/v2/technicians/" + id, token);
        ASSERT_INVALID("body.user_id", client.call("PATCH", "/api/v2/technicians/" + id, token, R"({"user_id": 987654})"));
        CPPUNIT_ASSERT_EQUAL(before.body, client.call("GET", "/api/v2/technicians/" + id, token).body);
    }

    void staleIfMatchIs412AndChangesNothing() {
        std::string id = make.technician();
        auto first = client.call("GET", "/api/v2/technicians/" + id, token);
        std::string etag = first.header("ETag");
        CPPUNIT_ASSERT(!etag.empty());
        auto fresh = client.request("PATCH", "/api/v2/technicians/" + id, R"({"phone": "555-1111"})",
                                    {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}, {"If-Match", etag}});
        ASSERT_STATUS(200, fresh);
        CPPUNIT_ASSERT(fresh.header("ETag") != etag);
        auto stale = client.request("PATCH", "/api/v2/technicians/" + id, R"({"phone": "555-2222"})",
                                    {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}, {"If-Match", etag}});
        ASSERT_STATUS(412, stale);
        CPPUNIT_ASSERT_EQUAL(std::string("Technician was modified by someone else; reload it"), stale.detail());
        CPPUNIT_ASSERT_EQUAL(fresh.body, client.call("GET", "/api/v2/technicians/" + id, token).body);
    }

    void unknownIdIs404() {
        for (auto r : {client.call("GET", "/api/v2/technicians/987654321", token),
                       client.call("PATCH", "/api/v2/technicians/987654321", token, R"({"name": "x"})"),
                       client.call("PUT", "/api/v2/technicians/987654321", token, R"({"name": "x"})"),
                       client.call("GET", "/api/v2/technicians/987654321/schedule", token)}) {
            ASSERT_STATUS(404, r);
            CPPUNIT_ASSERT_EQUAL(std::string("Technician not found"), r.detail());
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TechniciansTest);
