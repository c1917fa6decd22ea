// Every customer endpoint of API.md section 3, with good and bad input.
#include "support/Assertions.h"
#include "support/TestClient.h"

#include <Poco/String.h>

#include <string>
#include <vector>

using crmtest::HttpResult;
using crmtest::TestClient;

class CustomersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CustomersTest);
    CPPUNIT_TEST(createReturnsTheCustomer);
    CPPUNIT_TEST(getReturnsWhatWasCreated);
    CPPUNIT_TEST(listIsPaginatedAndFiltered);
    CPPUNIT_TEST(searchEscapesWildcards);
    CPPUNIT_TEST(searchFollowsEveryWrite);
    CPPUNIT_TEST(listSortsDeterministically);
    CPPUNIT_TEST(pagePastTheEndIsEmpty);
    CPPUNIT_TEST(putReplacesEverything);
    CPPUNIT_TEST(patchChangesOnlyWhatIsSent);
    CPPUNIT_TEST(emptyPatchChangesNothing);
    CPPUNIT_TEST(deleteRemoves);
    CPPUNIT_TEST(unknownIdIs404Everywhere);
    CPPUNIT_TEST(everyFieldRuleIs422);
    CPPUNIT_TEST(wrongTypesAre422);
    CPPUNIT_TEST(rejectedWritesLeaveTheRowAsItWas);
    CPPUNIT_TEST(badBodiesAreClientErrors);
    CPPUNIT_TEST(badQueryParametersAre422);
    CPPUNIT_TEST(viewerReadsButCannotWrite);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    std::string token;

    HttpResult post(const std::string& json) { return client.call("POST", "/api/v2/customers", token, json); }

    std::string createCustomer(const std::string& json) {
        auto r = post(json);
        ASSERT_STATUS(201, r);
        return std::to_string(r.object()->getValue<int>("id"));
    }

public:
    void setUp() override { token = client.adminToken(); }

    void createReturnsTheCustomer() {
        auto r = post(R"({"name": "  Harbor Septic  ", "email": "ops@harbor.example", "phone": "555-0100",
                         "address": "1 Dock Rd", "city": "Bend", "state": "OR", "zip_code": "97701",
                         "region": "Central", "notes": "dog on site", "ignored": 1})");
        ASSERT_STATUS(201, r);
        auto c = r.object();
        CPPUNIT_ASSERT_EQUAL(std::string("Harbor Septic"), c->getValue<std::string>("name"));  // trimmed
        CPPUNIT_ASSERT_EQUAL(std::string("Central"), c->getValue<std::string>("region"));
        CPPUNIT_ASSERT(!c->has("ignored"));
        std::string created = c->getValue<std::string>("created_at");
        CPPUNIT_ASSERT_EQUAL('Z', created.back());
        CPPUNIT_ASSERT_EQUAL(created, c->getValue<std::string>("updated_at"));
        for (const char* key : {"id", "name", "email", "phone", "address", "city", "state", "zip_code", "region", "notes"})
            CPPUNIT_ASSERT_MESSAGE(key, c->has(key));
    }

    void getReturnsWhatWasCreated() {
        auto created = post(R"({"name": "Cedar Dental"})");
        std::string id = std::to_string(created.object()->getValue<int>("id"));
        auto got = client.call("GET", "/api/v2/customers/" + id, token);
        ASSERT_STATUS(200, got);
        CPPUNIT_ASSERT_EQUAL(created.body, got.body);
        CPPUNIT_ASSERT(got.object()->isNull("email"));
        ASSERT_STATUS(200, client.call("GET", "/api/v2/customers/" + id + "/", token));
    }

    void listIsPaginatedAndFiltered() {
        std::string region = TestClient::unique("Region");
        for (int i = 0; i < 5; ++i)
            createCustomer(R"({"name": "Pager )" + std::to_string(i) + R"(", "region": ")" + region + R"(", "city": "Salem"})");
        auto r = client.call("GET", "/api/v2/customers?region=" + region + "&page=2&page_size=2", token);
        ASSERT_STATUS(200, r);
        auto page = r.object();
        CPPUNIT_ASSERT_EQUAL(5, page->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(2, page->getValue<int>("page"));
        CPPUNIT_ASSERT_EQUAL(2, page->getValue<int>("page_size"));
        CPPUNIT_ASSERT_EQUAL(3, page->getValue<int>("pages"));
        auto items = page->getArray("items");
        CPPUNIT_ASSERT_EQUAL(size_t(2), items->size());
        CPPUNIT_ASSERT_EQUAL(std::string("Pager 2"), items->getObject(0)->getValue<std::string>("name"));
        auto none = client.call("GET", "/api/v2/customers?region=" + region + "&city=Elsewhere", token).object();
        CPPUNIT_ASSERT_EQUAL(0, none->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(0, none->getValue<int>("pages"));
    }

    void searchEscapesWildcards() {
        std::string tag = TestClient::unique("Srch");
        createCustomer(R"({"name": ")" + tag + R"( 100% Plumbing"})");
        createCustomer(R"({"name": "Other", "email": ")" + tag + R"(@mail.example"})");
        createCustomer(R"({"name": ")" + tag + R"( 1000 Plumbing"})");
        auto all = client.call("GET", "/api/v2/customers?search=" + tag, token).object();
        CPPUNIT_ASSERT_EQUAL(3, all->getValue<int>("total"));
        auto lower = client.call("GET", "/api/v2/customers?search=" + Poco::toLower(tag), token).object();
        CPPUNIT_ASSERT_EQUAL(3, lower->getValue<int>("total"));
        auto percent = client.call("GET", "/api/v2/customers?search=" + tag + "%20100%25", token).object();
        CPPUNIT_ASSERT_EQUAL(1, percent->getValue<int>("total"));
    }

    // Search reads its own copy of the searched columns (customers'
    // migration 0005), kept by triggers: a rename, a PUT that clears the
    // email, a move to another region and a delete each show at once, and
    // the page is the customers' own rows in the asked order.
    void searchFollowsEveryWrite() {
        std::string tag = TestClient::unique("Follow");
        std::string region = TestClient::unique("Reg");
        std::string first = createCustomer(R"({"name": ")" + tag + R"( Bravo", "region": ")" + region + R"("})");
        std::string second = createCustomer(R"({"name": "Alpha", "email": ")" + tag + R"(@mail.example", "region": ")" +
                                            region + R"(", "notes": "kept"})");
        auto search = [&](const std::string& extra) {
            auto page = client.call("GET", "/api/v2/customers?search=" + tag + extra, token).object();
            std::vector<std::string> names;
            auto items = page->getArray("items");
            for (std::size_t i = 0; i < items->size(); ++i) names.push_back(items->getObject(i)->getValue<std::string>("name"));
            CPPUNIT_ASSERT_EQUAL(static_cast<int>(names.size()), page->getValue<int>("total"));
            return names;
        };
        CPPUNIT_ASSERT(search("") == (std::vector<std::string>{"Alpha", tag + " Bravo"}));
        CPPUNIT_ASSERT(search("&sort=-name") == (std::vector<std::string>{tag + " Bravo", "Alpha"}));
        auto firstPage = client.call("GET", "/api/v2/customers?search=" + tag + "&page_size=1", token).object();
        CPPUNIT_ASSERT_EQUAL(2, firstPage->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(std::string("kept"), firstPage->getArray("items")->getObject(0)->getValue<std::string>("notes"));

        ASSERT_STATUS(200, client.call("PATCH", "/api/v2/customers/" + first, token, R"({"name": "Renamed"})"));
        CPPUNIT_ASSERT(search("") == (std::vector<std::string>{"Alpha"}));
        ASSERT_STATUS(200, client.call("PATCH", "/api/v2/customers/" + first, token, R"({"phone": ")" + tag + R"("})"));
        CPPUNIT_ASSERT(search("") == (std::vector<std::string>{"Alpha", "Renamed"}));
        ASSERT_STATUS(200, client.call("PATCH", "/api/v2/customers/" + first, token, R"({"region": "Elsewhere"})"));
        CPPUNIT_ASSERT(search("&region=" + region) == (std::vector<std::string>{"Alpha"}));
        ASSERT_STATUS(200, client.call("PUT", "/api/v2/customers/" + second, token, R"({"name": "Alpha"})"));
        CPPUNIT_ASSERT(search("") == (std::vector<std::string>{"Renamed"}));
        ASSERT_STATUS(204, client.call("DELETE", "/api/v2/customers/" + first, token));
        CPPUNIT_ASSERT(search("").empty());
    }

    void listSortsDeterministically() {
        std::string region = TestClient::unique("Sort");
        createCustomer(R"({"name": "Bravo", "region": ")" + region + R"("})");
        createCustomer(R"({"name": "Alpha", "region": ")" + region + R"("})");
        createCustomer(R"({"name": "Alpha", "region": ")" + region + R"("})");
        auto items = client.call("GET", "/api/v2/customers?sort=-name&region=" + region, token).object()->getArray("items");
        CPPUNIT_ASSERT_EQUAL(std::string("Bravo"), items->getObject(0)->getValue<std::string>("name"));
        // Equal names: descending ties broken by descending id.
        CPPUNIT_ASSERT(items->getObject(1)->getValue<int>("id") > items->getObject(2)->getValue<int>("id"));
        auto byId = client.call("GET", "/api/v2/customers?sort=id&region=" + region, token).object()->getArray("items");
        CPPUNIT_ASSERT_EQUAL(std::string("Bravo"), byId->getObject(0)->getValue<std::string>("name"));
    }

    void pagePastTheEndIsEmpty() {
        auto r = client.call("GET", "/api/v2/customers?page=100000&page_size=200", token);
        ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(size_t(0), r.object()->getArray("items")->size());
        CPPUNIT_ASSERT(r.object()->getValue<int>("total") > 0);
    }

    void putReplacesEverything() {
        std::string id = createCustomer(R"({"name": "Oak Cafe", "email": "oak@cafe.example", "city": "Bend"})");
        auto r = client.call("PUT", "/api/v2/customers/" + id, token, R"({"name": "Oak Cafe & Bakery", "region": "East"})");
        ASSERT_STATUS(200, r);
        auto c = r.object();
        CPPUNIT_ASSERT_EQUAL(std::string("Oak Cafe & Bakery"), c->getValue<std::string>("name"));
        CPPUNIT_ASSERT(c->isNull("email"));
        CPPUNIT_ASSERT(c->isNull("city"));
        CPPUNIT_ASSERT_EQUAL(std::string("East"), c->getValue<std::string>("region"));
        ASSERT_INVALID("body.name", client.call("PUT", "/api/v2/customers/" + id, token, R"({"region": "East"})"));
    }

    void patchChangesOnlyWhatIsSent() {
        std::string id = createCustomer(R"({"name": "Maple Motel", "email": "desk@maple.example", "city": "Bend", "notes": "n"})");
        auto r = client.call("PATCH", "/api/v2/customers/" + id, token, R"({"city": "Redmond", "notes": null})");
        ASSERT_STATUS(200, r);
        auto c = r.object();
        CPPUNIT_ASSERT_EQUAL(std::string("Redmond"), c->getValue<std::string>("city"));
        CPPUNIT_ASSERT(c->isNull("notes"));
        CPPUNIT_ASSERT_EQUAL(std::string("Maple Motel"), c->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("desk@maple.example"), c->getValue<std::string>("email"));
        CPPUNIT_ASSERT(c->getValue<std::string>("updated_at") > c->getValue<std::string>("created_at"));
    }

    void emptyPatchChangesNothing() {
        std::string id = createCustomer(R"({"name": "Quiet Farm"})");
        auto before = client.call("GET", "/api/v2/customers/" + id, token);
        auto r = client.call("PATCH", "/api/v2/customers/" + id, token, "{}");
        ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(before.body, r.body);
    }

    void deleteRemoves() {
        std::string id = createCustomer(R"({"name": "Short Lived"})");
        auto r = client.call("DELETE", "/api/v2/customers/" + id, token);
        ASSERT_STATUS(204, r);
        CPPUNIT_ASSERT(r.body.empty());
        ASSERT_STATUS(404, client.call("GET", "/api/v2/customers/" + id, token));
        ASSERT_STATUS(404, client.call("DELETE", "/api/v2/customers/" + id, token));
    }

    void unknownIdIs404Everywhere() {
        const std::string path = "/api/v2/customers/987654321";
        for (auto r : {client.call("GET", path, token), client.call("PUT", path, token, R"({"name": "x"})"),
                       client.call("PATCH", path, token, R"({"name": "x"})"), client.call("PATCH", path, token, "{}"),
                       client.call("DELETE", path, token)}) {
            ASSERT_STATUS(404, r);
            CPPUNIT_ASSERT_EQUAL(std::string("Customer not found"), r.detail());
        }
    }

    void everyFieldRuleIs422() {
        ASSERT_INVALID("body.name", post(R"({})"));
        ASSERT_INVALID("body.name", post(R"({"name": ""})"));
        ASSERT_INVALID("body.name", post(R"({"name": "    "})"));
        ASSERT_INVALID("body.name", post(R"({"name": ")" + std::string(256, 'n') + R"("})"));
        ASSERT_INVALID("body.email", post(R"({"name": "x", "email": "no-at-sign"})"));
        ASSERT_INVALID("body.email", post(R"({"name": "x", "email": ")" + std::string(251, 'e') + R"(@x.io"})"));
        ASSERT_INVALID("body.phone", post(R"({"name": "x", "phone": ")" + std::string(51, '5') + R"("})"));
        ASSERT_INVALID("body.address", post(R"({"name": "x", "address": ")" + std::string(501, 'a') + R"("})"));
        ASSERT_INVALID("body.city", post(R"({"name": "x", "city": ")" + std::string(101, 'c') + R"("})"));
        ASSERT_INVALID("body.state", post(R"({"name": "x", "state": ")" + std::string(51, 's') + R"("})"));
        ASSERT_INVALID("body.zip_code", post(R"({"name": "x", "zip_code": ")" + std::string(21, '9') + R"("})"));
        ASSERT_INVALID("body.region", post(R"({"name": "x", "region": ")" + std::string(101, 'r') + R"("})"));
        // Several problems at once: one entry each, in the contract's shape.
        auto r = post(R"({"name": "", "email": "bad"})");
        ASSERT_STATUS(422, r);
        auto entries = r.object()->getArray("detail");
        CPPUNIT_ASSERT_EQUAL(size_t(2), entries->size());
        auto first = entries->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("body"), first->getArray("loc")->getElement<std::string>(0));
        CPPUNIT_ASSERT(first->has("msg") && first->has("type"));
    }

    void wrongTypesAre422() {
        ASSERT_INVALID("body.name", post(R"({"name": 42})"));
        ASSERT_INVALID("body.name", post(R"({"name": null})"));
        ASSERT_INVALID("body.name", post(R"({"name": ["a"]})"));
        ASSERT_INVALID("body.name", post(R"({"name": {"first": "a"}})"));
        ASSERT_INVALID("body.name", post(R"({"name": true})"));
        ASSERT_INVALID("body.email", post(R"({"name": "x", "email": 5})"));
        ASSERT_INVALID("body.notes", post(R"({"name": "x", "notes": false})"));
    }

    void rejectedWritesLeaveTheRowAsItWas() {
        std::string id = createCustomer(R"({"name": "Steady Storage", "email": "keep@steady.example", "city": "Bend"})");
        auto before = client.call("GET", "/api/v2/customers/" + id, token);
        const std::string path = "/api/v2/customers/" + id;
        ASSERT_STATUS(422, client.call("PATCH", path, token, R"({"city": "Salem", "email": "broken"})"));
        ASSERT_STATUS(422, client.call("PATCH", path, token, R"({"name": null})"));
        ASSERT_STATUS(422, client.call("PUT", path, token, R"({"name": "New", "zip_code": ")" + std::string(30, '1') + R"("})"));
        ASSERT_STATUS(400, client.call("PATCH", path, token, R"({"city": "Salem")"));
        ASSERT_STATUS(415, client.request("PATCH", path, R"({"city": "Salem"})",
                                          {{"Authorization", "Bearer " + token}, {"Content-Type", "text/plain"}}));
        auto after = client.call("GET", path, token);
        CPPUNIT_ASSERT_EQUAL(before.body, after.body);  // updated_at included
    }

    void badBodiesAreClientErrors() {
        auto malformed = post(R"({"name": "x",})");
        ASSERT_STATUS(400, malformed);
        CPPUNIT_ASSERT_EQUAL(std::string("Request body is not valid JSON"), malformed.detail());
        auto text = client.request("POST", "/api/v2/customers", R"({"name": "x"})",
                                   {{"Authorization", "Bearer " + token}, {"Content-Type", "text/plain"}});
        ASSERT_STATUS(415, text);
        CPPUNIT_ASSERT(text.detail().find("application/json") != std::string::npos);
        ASSERT_INVALID("body", post(R"(["name"])"));
        ASSERT_INVALID("body", post(R"("just a string")"));
        ASSERT_INVALID("body", post(""));
        ASSERT_STATUS(400, post(std::string(100, '[') + std::string(100, ']')));
    }

    void badQueryParametersAre422() {
        ASSERT_INVALID("query.page", client.call("GET", "/api/v2/customers?page=0", token));
        ASSERT_INVALID("query.page_size", client.call("GET", "/api/v2/customers?page_size=201", token));
        ASSERT_INVALID("query.page_size", client.call("GET", "/api/v2/customers?page_size=abc", token));
        ASSERT_INVALID("query.sort", client.call("GET", "/api/v2/customers?sort=email", token));
        ASSERT_INVALID("path.id", client.call("GET", "/api/v2/customers/abc", token));
        ASSERT_INVALID("path.id", client.call("GET", "/api/v2/customers/99999999999999999999", token));
        ASSERT_STATUS(200, client.call("GET", "/api/v2/customers?unknown=1&page_size=200", token));
    }

    void viewerReadsButCannotWrite() {
        std::string viewer = client.tokenForNewUser("viewer");
        ASSERT_STATUS(200, client.call("GET", "/api/v2/customers", viewer));
        std::string id = createCustomer(R"({"name": "Guarded"})");
        for (auto r : {client.call("POST", "/api/v2/customers", viewer, R"({"name": "x"})"),
                       client.call("PATCH", "/api/v2/customers/" + id, viewer, R"({"name": "x"})"),
                       client.call("PUT", "/api/v2/customers/" + id, viewer, R"({"name": "x"})"),
                       client.call("DELETE", "/api/v2/customers/" + id, viewer)}) {
            ASSERT_STATUS(403, r);
            CPPUNIT_ASSERT_EQUAL(std::string("Not enough permissions"), r.detail());
        }
        ASSERT_STATUS(200, client.call("GET", "/api/v2/customers/" + id, viewer));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CustomersTest);
