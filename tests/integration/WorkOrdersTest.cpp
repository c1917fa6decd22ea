// Work orders (API.md section 5): embedding, PATCH semantics, status and
// completed_at, references, ETags, roles, and deleting customers.
#include "support/Assertions.h"
#include "support/Factory.h"
#include "support/TestClient.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

using crmtest::Factory;
using crmtest::HttpResult;
using crmtest::TestClient;

class WorkOrdersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WorkOrdersTest);
    CPPUNIT_TEST(createEmbedsCustomerAndTechnician);
    CPPUNIT_TEST(createAppliesDefaults);
    CPPUNIT_TEST(multibyteTextSurvivesEveryRead);
    CPPUNIT_TEST(unknownReferencesAre422NamingTheField);
    CPPUNIT_TEST(patchMovesAJobOnTheBoard);
    CPPUNIT_TEST(eachKeyChangesItsFieldAlone);
    CPPUNIT_TEST(nullClearsNullableFields);
    CPPUNIT_TEST(completedAtFollowsStatus);
    CPPUNIT_TEST(emptyPatchLeavesTheRowUntouched);
    CPPUNIT_TEST(customerIdCannotBePatched);
    CPPUNIT_TEST(putReplacesWithDefaults);
    CPPUNIT_TEST(staleIfMatchIs412);
    CPPUNIT_TEST(technicianPatchesOnlyStatusAndNotesOfItsOwn);
    CPPUNIT_TEST(viewerCannotWrite);
    CPPUNIT_TEST(listFilters);
    CPPUNIT_TEST(customerWorkOrders);
    CPPUNIT_TEST(customerWithWorkOrdersCannotBeDeleted);
    CPPUNIT_TEST(deleteRemoves);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    Factory make{client};
    std::string token;

    HttpResult patch(const std::string& id, const std::string& json, const std::string& as = "") {
        return client.call("PATCH", "/api/v2/work-orders/" + id, as.empty() ? token : as, json);
    }
    HttpResult get(const std::string& id) { return client.call("GET", "/api/v2/work-orders/" + id, token); }

public:
    void setUp() override { token = client.adminToken(); }

    void createEmbedsCustomerAndTechnician() {
        std::string customer = make.customer(R"(, "city": "Bend")");
        std::string tech = make.technician(R"(, "color": "#336699")");
        auto r = client.call("POST", "/api/v2/work-orders", token,
                             R"({"customer_id": )" + customer + R"(, "assigned_technician_id": )" + tech +
                                 R"(, "scheduled_date": "2030-05-06", "scheduled_time": "8:30", "description": "Pump tank"})");
        ASSERT_STATUS(422, r);  // "8:30" is not HH:MM
        r = client.call("POST", "/api/v2/work-orders", token,
                        R"({"customer_id": )" + customer + R"(, "assigned_technician_id": )" + tech +
                            R"(, "scheduled_date": "2030-05-06", "scheduled_time": "08:30", "description": "Pump tank"})");
        ASSERT_STATUS(201, r);
        auto w = r.object();
        CPPUNIT_ASSERT_EQUAL(std::string("08:30:00"), w->getValue<std::string>("scheduled_time"));
        CPPUNIT_ASSERT_EQUAL(std::string("2030-05-06"), w->getValue<std::string>("scheduled_date"));
        CPPUNIT_ASSERT_EQUAL(std::string("Bend"), w->getObject("customer")->getValue<std::string>("city"));
        CPPUNIT_ASSERT_EQUAL(std::string("#336699"), w->getObject("technician")->getValue<std::string>("color"));
        std::string id = std::to_string(w->getValue<int>("id"));
        auto got = get(id);
        CPPUNIT_ASSERT_EQUAL(r.body, got.body);
        CPPUNIT_ASSERT(!got.header("ETag").empty());
    }

    void createAppliesDefaults() {
        auto w = get(make.workOrder(make.customer())).object();
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), w->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(3, w->getValue<int>("priority"));
        CPPUNIT_ASSERT(w->isNull("technician"));
        CPPUNIT_ASSERT(w->isNull("assigned_technician_id"));
        CPPUNIT_ASSERT(w->isNull("completed_at"));
        for (const char* key : {"scheduled_date", "scheduled_time", "description", "notes", "estimated_duration",
                                "created_at", "updated_at", "customer"})
            CPPUNIT_ASSERT_MESSAGE(key, w->has(key));
    }

    // Responses splice the work order's stored JSON with its customer's and
    // technician's, cutting the work order's closing brace off as a byte:
    // characters of several bytes, and braces inside strings, must come
    // back as written from every read.
    void multibyteTextSurvivesEveryRead() {
        // Sent as JSON escapes (a surrogate pair among them), read back as UTF-8.
        const std::string description = R"(Fosse septique, rue de l'\u00c9t\u00e9 \u2713 \u6771\u4eac \ud83d\ude00)";
        const std::string expectedDescription = "Fosse septique, rue de l'Été ✓ 東京 😀";
        const std::string notes = "gate code {4711}";
        std::string customer = make.customer(R"(, "city": "Z\u00fcrich")");
        std::string id = make.workOrder(customer, R"(, "scheduled_date": "2031-07-09", "description": ")" + description +
                                                      R"(", "notes": ")" + notes + R"(")");
        auto check = [&](Poco::JSON::Object::Ptr w, const std::string& where) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expectedDescription, w->getValue<std::string>("description"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(where, notes, w->getValue<std::string>("notes"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(where, std::string("Zürich"), w->getObject("customer")->getValue<std::string>("city"));
        };
        auto findIn = [&](const std::string& path) {
            auto items = client.call("GET", path, token).object()->getArray("items");
            for (std::size_t i = 0; i < items->size(); ++i)
                if (std::to_string(items->getObject(i)->getValue<int>("id")) == id) return items->getObject(i);
            CPPUNIT_FAIL("work order " + id + " is not in " + path);
            return Poco::JSON::Object::Ptr();
        };
        check(get(id).object(), "by id");
        check(patch(id, R"({"priority": 2})").object(), "PATCH");
        check(findIn("/api/v2/customers/" + customer + "/work-orders"), "the customer's work orders");
        check(findIn("/api/v2/work-orders?customer_id=" + customer), "the list");
        check(findIn("/api/v2/schedule?start_date=2031-07-09&end_date=2031-07-09"), "the schedule");
    }

    void unknownReferencesAre422NamingTheField() {
        ASSERT_INVALID("body.customer_id", client.call("POST", "/api/v2/work-orders", token, R"({"customer_id": 987654321})"));
        std::string customer = make.customer();
        ASSERT_INVALID("body.assigned_technician_id",
                       client.call("POST", "/api/v2/work-orders", token,
                                   R"({"customer_id": )" + customer + R"(, "assigned_technician_id": 987654321})"));
        std::string retired = make.technician(R"(, "is_active": false)");
        std::string id = make.workOrder(customer);
        ASSERT_INVALID("body.assigned_technician_id", patch(id, R"({"assigned_technician_id": )" + retired + "}"));
        ASSERT_INVALID("body.customer_id", client.call("PUT", "/api/v2/work-orders/" + id, token, R"({"customer_id": 987654321})"));
    }

    void patchMovesAJobOnTheBoard() {
        std::string customer = make.customer();
        std::string first = make.technician(), second = make.technician();
        std::string id = make.workOrder(customer, R"(, "assigned_technician_id": )" + first +
                                                      R"(, "scheduled_date": "2030-01-02", "notes": "keep", "priority": 2)");
        auto r = patch(id, R"({"assigned_technician_id": )" + second + R"(, "scheduled_date": "2030-01-03", "scheduled_time": "14:00"})");
        ASSERT_STATUS(200, r);
        auto w = r.object();
        CPPUNIT_ASSERT_EQUAL(std::stoi(second), w->getValue<int>("assigned_technician_id"));
        CPPUNIT_ASSERT_EQUAL(std::stoi(second), w->getObject("technician")->getValue<int>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("2030-01-03"), w->getValue<std::string>("scheduled_date"));
        CPPUNIT_ASSERT_EQUAL(std::string("14:00:00"), w->getValue<std::string>("scheduled_time"));
        CPPUNIT_ASSERT_EQUAL(std::string("keep"), w->getValue<std::string>("notes"));
        CPPUNIT_ASSERT_EQUAL(2, w->getValue<int>("priority"));
        CPPUNIT_ASSERT(w->getValue<std::string>("updated_at") > w->getValue<std::string>("created_at"));
    }

    // PATCH runs a statement made for the keys it sends (and for whether
    // If-Match came): each key sent alone, then all at once, gives its own
    // field the value sent and changes no other, as by id reads them back.
    void eachKeyChangesItsFieldAlone() {
        std::string customer = make.customer(), first = make.technician(), second = make.technician();
        const std::string original = R"("assigned_technician_id": )" + first +
                                     R"(, "status": "scheduled", "priority": 2, "scheduled_date": "2030-01-02",)"
                                     R"( "scheduled_time": "09:00:00", "description": "d", "notes": "n", "estimated_duration": 30)";
        std::string id = make.workOrder(customer, ", " + original);
        struct Change {
            std::string key, value;
            std::vector<std::string> alsoChanged;
        };
        const std::vector<Change> changes = {
            {"assigned_technician_id", second, {"technician"}}, {"status", R"("completed")", {"completed_at"}},
            {"priority", "5", {}}, {"scheduled_date", R"("2031-02-03")", {}}, {"scheduled_time", R"("15:45:00")", {}},
            {"description", R"("new d")", {}}, {"notes", R"("new n")", {}}, {"estimated_duration", "99", {}}};
        auto text = [](Poco::JSON::Object::Ptr w, const std::string& key) {
            std::ostringstream out;
            Poco::JSON::Stringifier::stringify(w->get(key), out);
            return out.str();
        };
        // `sent`: each key sent with its value as JSON text; `alsoChanged`:
        // the other fields that follow them.
        auto expectOnly = [&](const HttpResult& before, const HttpResult& after,
                              const std::map<std::string, std::string>& sent, std::vector<std::string> alsoChanged,
                              const std::string& what) {
            ASSERT_STATUS(200, after);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, after.body, get(id).body);
            alsoChanged.push_back("updated_at");
            auto was = before.object(), is = after.object();
            for (const std::string& key : was->getNames()) {
                auto value = sent.find(key);
                if (value != sent.end()) {
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": " + key, value->second, text(is, key));
                    continue;
                }
                bool follows = std::find(alsoChanged.begin(), alsoChanged.end(), key) != alsoChanged.end();
                CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": " + key, follows, text(was, key) != text(is, key));
            }
        };
        bool withIfMatch = false;
        for (const Change& change : changes) {
            auto before = get(id);
            std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + token},
                                                          {"Content-Type", "application/json"}};
            if ((withIfMatch = !withIfMatch)) headers["If-Match"] = before.header("ETag");
            auto after = client.request("PATCH", "/api/v2/work-orders/" + id,
                                        "{\"" + change.key + "\": " + change.value + "}", headers);
            expectOnly(before, after, {{change.key, change.value}}, change.alsoChanged, change.key);
        }
        CPPUNIT_ASSERT(!get(id).object()->isNull("completed_at"));
        auto before = get(id);
        auto back = patch(id, "{" + original + "}");
        auto originalFields = Poco::JSON::Parser().parse("{" + original + "}").extract<Poco::JSON::Object::Ptr>();
        std::map<std::string, std::string> sent;
        for (const Change& change : changes) sent[change.key] = text(originalFields, change.key);
        expectOnly(before, back, sent, {"technician", "completed_at"}, "all at once");
        CPPUNIT_ASSERT(back.object()->isNull("completed_at"));
    }

    void nullClearsNullableFields() {
        std::string id = make.workOrder(make.customer(), R"(, "assigned_technician_id": )" + make.technician() +
                                                             R"(, "scheduled_date": "2030-01-02", "estimated_duration": 60)");
        auto w = patch(id, R"({"assigned_technician_id": null, "scheduled_date": null, "estimated_duration": null})").object();
        CPPUNIT_ASSERT(w->isNull("assigned_technician_id"));
        CPPUNIT_ASSERT(w->isNull("technician"));
        CPPUNIT_ASSERT(w->isNull("scheduled_date"));
        CPPUNIT_ASSERT(w->isNull("estimated_duration"));
        ASSERT_INVALID("body.status", patch(id, R"({"status": null})"));
        ASSERT_INVALID("body.priority", patch(id, R"({"priority": null})"));
    }

    void completedAtFollowsStatus() {
        std::string id = make.workOrder(make.customer());
        auto done = patch(id, R"({"status": "completed"})").object();
        CPPUNIT_ASSERT(!done->isNull("completed_at"));
        std::string completedAt = done->getValue<std::string>("completed_at");
        auto notes = patch(id, R"({"notes": "signed off", "status": "completed"})").object();
        CPPUNIT_ASSERT_EQUAL(completedAt, notes->getValue<std::string>("completed_at"));  // stays completed: unchanged
        auto reopened = patch(id, R"({"status": "in_progress"})").object();
        CPPUNIT_ASSERT(reopened->isNull("completed_at"));
        auto created = client.call("POST", "/api/v2/work-orders", token,
                                   R"({"customer_id": )" + make.customer() + R"(, "status": "completed"})");
        CPPUNIT_ASSERT(!created.object()->isNull("completed_at"));
    }

    void emptyPatchLeavesTheRowUntouched() {
        std::string id = make.workOrder(make.customer());
        auto before = get(id);
        auto r = patch(id, "{}");
        ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(before.body, r.body);
        CPPUNIT_ASSERT_EQUAL(before.body, get(id).body);
        ASSERT_STATUS(200, patch(id, R"({"unknown_field": 1})"));
        CPPUNIT_ASSERT_EQUAL(before.body, get(id).body);
    }

    void customerIdCannotBePatched() {
        std::string id = make.workOrder(make.customer());
        auto r = patch(id, R"({"customer_id": )" + make.customer() + "}");
        ASSERT_INVALID("body.customer_id", r);
        CPPUNIT_ASSERT(r.body.find("use PUT") != std::string::npos);
    }

    void putReplacesWithDefaults() {
        std::string customer = make.customer(), other = make.customer();
        std::string id = make.workOrder(customer, R"(, "priority": 1, "notes": "n", "status": "scheduled")");
        auto r = client.call("PUT", "/api/v2/work-orders/" + id, token, R"({"customer_id": )" + other + "}");
        ASSERT_STATUS(200, r);
        auto w = r.object();
        CPPUNIT_ASSERT_EQUAL(std::stoi(other), w->getValue<int>("customer_id"));
        CPPUNIT_ASSERT_EQUAL(std::stoi(other), w->getObject("customer")->getValue<int>("id"));
        CPPUNIT_ASSERT_EQUAL(3, w->getValue<int>("priority"));
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), w->getValue<std::string>("status"));
        CPPUNIT_ASSERT(w->isNull("notes"));
        ASSERT_INVALID("body.customer_id", client.call("PUT", "/api/v2/work-orders/" + id, token, R"({"priority": 2})"));
    }

    void staleIfMatchIs412() {
        std::string id = make.workOrder(make.customer());
        std::string etag = get(id).header("ETag");
        ASSERT_STATUS(200, patch(id, R"({"notes": "first"})"));
        auto before = get(id);
        auto stale = client.request("PATCH", "/api/v2/work-orders/" + id, R"({"notes": "second"})",
                                    {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}, {"If-Match", etag}});
        ASSERT_STATUS(412, stale);
        CPPUNIT_ASSERT_EQUAL(std::string("Work order was modified by someone else; reload it"), stale.detail());
        CPPUNIT_ASSERT_EQUAL(before.body, get(id).body);
        auto current = client.request("PATCH", "/api/v2/work-orders/" + id, R"({"notes": "second"})",
                                      {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"},
                                       {"If-Match", before.header("ETag")}});
        ASSERT_STATUS(200, current);
    }

    void technicianPatchesOnlyStatusAndNotesOfItsOwn() {
        std::string tech = make.technician();
        std::string email = TestClient::unique("tech") + "@example.com";
        auto user = client.call("POST", "/api/v2/users", token,
                                R"({"email": ")" + email + R"(", "password": "a-long-enough-password", "role": "technician", "technician_id": )" + tech + "}");
        ASSERT_STATUS(201, user);
        std::string techToken = client.login(email, "a-long-enough-password");
        std::string customer = make.customer();
        std::string mine = make.workOrder(customer, R"(, "assigned_technician_id": )" + tech);
        std::string theirs = make.workOrder(customer, R"(, "assigned_technician_id": )" + make.technician());

        auto ok = patch(mine, R"({"status": "in_progress", "notes": "on site"})", techToken);
        ASSERT_STATUS(200, ok);
        CPPUNIT_ASSERT_EQUAL(std::string("in_progress"), ok.object()->getValue<std::string>("status"));
        ASSERT_STATUS(403, patch(mine, R"({"priority": 1})", techToken));
        // Keys are told from text that only looks like them inside a value.
        auto quoted = patch(mine, R"({"notes": "asked for \"priority\": 1, then \"priority\""})", techToken);
        ASSERT_STATUS(200, quoted);
        CPPUNIT_ASSERT_EQUAL(std::string(R"(asked for "priority": 1, then "priority")"),
                             quoted.object()->getValue<std::string>("notes"));
        ASSERT_STATUS(403, patch(mine, R"({"scheduled_date": "2030-02-02"})", techToken));
        auto before = get(theirs);
        ASSERT_STATUS(403, patch(theirs, R"({"status": "completed"})", techToken));
        CPPUNIT_ASSERT_EQUAL(before.body, get(theirs).body);
        ASSERT_STATUS(403, client.call("POST", "/api/v2/work-orders", techToken, R"({"customer_id": )" + customer + "}"));
        ASSERT_STATUS(200, client.call("GET", "/api/v2/work-orders/" + theirs, techToken));
    }

    void viewerCannotWrite() {
        std::string viewer = client.tokenForNewUser("viewer");
        std::string id = make.workOrder(make.customer());
        ASSERT_STATUS(200, client.call("GET", "/api/v2/work-orders/" + id, viewer));
        ASSERT_STATUS(403, patch(id, R"({"notes": "x"})", viewer));
        ASSERT_STATUS(403, client.call("DELETE", "/api/v2/work-orders/" + id, viewer));
    }

    void listFilters() {
        std::string customer = make.customer(), tech = make.technician();
        make.workOrder(customer, R"(, "status": "scheduled", "priority": 1, "assigned_technician_id": )" + tech +
                                     R"(, "scheduled_date": "2031-03-01", "description": "Replace septic lid")");
        make.workOrder(customer, R"(, "status": "pending", "priority": 4, "scheduled_date": "2031-03-05")");
        make.workOrder(customer, R"(, "status": "cancelled", "priority": 4)");
        auto count = [&](const std::string& query) {
            auto r = client.call("GET", "/api/v2/work-orders?customer_id=" + customer + "&" + query, token);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(query + ": " + r.body, 200, r.status);
            return r.object()->getValue<int>("total");
        };
        CPPUNIT_ASSERT_EQUAL(3, count(""));
        CPPUNIT_ASSERT_EQUAL(2, count("status=scheduled,pending"));
        CPPUNIT_ASSERT_EQUAL(1, count("assigned_technician_id=" + tech));
        CPPUNIT_ASSERT_EQUAL(2, count("unassigned=true"));
        CPPUNIT_ASSERT_EQUAL(2, count("priority=4"));
        CPPUNIT_ASSERT_EQUAL(1, count("scheduled_date_from=2031-03-02"));
        CPPUNIT_ASSERT_EQUAL(2, count("scheduled_date_to=2031-03-05"));
        CPPUNIT_ASSERT_EQUAL(1, count("search=SEPTIC"));
        // Each filter set runs a statement of its own: the technician's,
        // and its dates, without the customer.
        auto totalOf = [&](const std::string& query) {
            auto r = client.call("GET", "/api/v2/work-orders?" + query, token);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(query + ": " + r.body, 200, r.status);
            return r.object()->getValue<int>("total");
        };
        CPPUNIT_ASSERT_EQUAL(1, totalOf("assigned_technician_id=" + tech));
        CPPUNIT_ASSERT_EQUAL(1, totalOf("assigned_technician_id=" + tech + "&scheduled_date_from=2031-03-01&scheduled_date_to=2031-03-01"));
        CPPUNIT_ASSERT_EQUAL(0, totalOf("assigned_technician_id=" + tech + "&scheduled_date_from=2031-03-02"));
        CPPUNIT_ASSERT_EQUAL(1, totalOf("assigned_technician_id=" + tech + "&priority=1&status=scheduled"));
        auto sorted = client.call("GET", "/api/v2/work-orders?customer_id=" + customer + "&sort=scheduled_date", token)
                          .object()->getArray("items");
        CPPUNIT_ASSERT_EQUAL(std::string("2031-03-01"), sorted->getObject(0)->getValue<std::string>("scheduled_date"));
        CPPUNIT_ASSERT(sorted->getObject(2)->isNull("scheduled_date"));  // nulls last
        ASSERT_INVALID("query.status", client.call("GET", "/api/v2/work-orders?status=pending,bogus", token));
        ASSERT_INVALID("query.sort", client.call("GET", "/api/v2/work-orders?sort=status", token));
        ASSERT_INVALID("query.scheduled_date_from", client.call("GET", "/api/v2/work-orders?scheduled_date_from=2031-02-30", token));
    }

    void customerWorkOrders() {
        std::string customer = make.customer();
        make.workOrder(customer, R"(, "status": "completed")");
        make.workOrder(customer);
        auto all = client.call("GET", "/api/v2/customers/" + customer + "/work-orders", token);
        ASSERT_STATUS(200, all);
        CPPUNIT_ASSERT_EQUAL(2, all.object()->getValue<int>("total"));
        auto done = client.call("GET", "/api/v2/customers/" + customer + "/work-orders?status=completed", token).object();
        CPPUNIT_ASSERT_EQUAL(1, done->getValue<int>("total"));
        auto missing = client.call("GET", "/api/v2/customers/987654321/work-orders", token);
        ASSERT_STATUS(404, missing);
        CPPUNIT_ASSERT_EQUAL(std::string("Customer not found"), missing.detail());
    }

    void customerWithWorkOrdersCannotBeDeleted() {
        std::string customer = make.customer();
        make.workOrder(customer);
        std::string last = make.workOrder(customer);
        auto r = client.call("DELETE", "/api/v2/customers/" + customer, token);
        ASSERT_STATUS(409, r);
        CPPUNIT_ASSERT_EQUAL("Customer " + customer + " has 2 work orders; delete or reassign them first", r.detail());
        ASSERT_STATUS(200, client.call("GET", "/api/v2/customers/" + customer, token));
    }

    void deleteRemoves() {
        std::string customer = make.customer();
        std::string id = make.workOrder(customer);
        ASSERT_STATUS(204, client.call("DELETE", "/api/v2/work-orders/" + id, token));
        auto gone = get(id);
        ASSERT_STATUS(404, gone);
        CPPUNIT_ASSERT_EQUAL(std::string("Work order not found"), gone.detail());
        ASSERT_STATUS(404, client.call("DELETE", "/api/v2/work-orders/" + id, token));
        ASSERT_STATUS(204, client.call("DELETE", "/api/v2/customers/" + customer, token));  // nothing references it now
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkOrdersTest);
