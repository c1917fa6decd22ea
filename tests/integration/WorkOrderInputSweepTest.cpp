// Throws every kind of wrong value at every field of POST, PUT and PATCH
// /work-orders: no answer may be 5xx, every rejection is a 4xx in the
// contract's shape, and the row is exactly as it was after each one.
#include "support/Assertions.h"
#include "support/Factory.h"
#include "support/TestClient.h"

using crmtest::Factory;
using crmtest::TestClient;

class WorkOrderInputSweepTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WorkOrderInputSweepTest);
    CPPUNIT_TEST(noBadValueIsAServerError);
    CPPUNIT_TEST(bodiesOfTheWrongShape);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    Factory make{client};

    static std::vector<std::string> badValues() {
        return {"\"3\"", "3.5", "true", "false", "{}", "{\"a\": 1}", "[]", "[1]", "-1", "0", "9223372036854775807",
                "9223372036854775808", "2147483648", "-9223372036854775809", "1e400", "\"\"", "\"   \"",
                "\"" + std::string(10 * 1024, 'x') + "\"", "\"2025-02-30\"", "\"2025-13-01\"", "\"25:00\"", "\"12:61\"",
                "\"99999-01-01\"", "\"bogus\"", "\"null\"", "\"\\u0000\""};
    }

public:
    void noBadValueIsAServerError() {
        const std::string token = client.adminToken();
        std::string customer = make.customer();
        std::string tech = make.technician();
        std::string id = make.workOrder(customer, R"(, "assigned_technician_id": )" + tech +
                                                      R"(, "scheduled_date": "2030-06-01", "scheduled_time": "09:00:00", "notes": "n")");
        const std::string path = "/api/v2/work-orders/" + id;
        std::string before = client.call("GET", path, token).body;

        const std::vector<std::string> fields = {"customer_id", "assigned_technician_id", "status", "priority",
                                                 "scheduled_date", "scheduled_time", "description", "notes",
                                                 "estimated_duration"};
        int accepted = 0, rejected = 0;
        for (const auto& field : fields) {
            std::vector<std::string> values = badValues();
            values.push_back("null");
            for (const auto& value : values) {
                for (const char* method : {"PATCH", "PUT", "POST"}) {
                    std::string body = "{\"" + field + "\": " + value;
                    if (field != "customer_id" && std::string(method) != "PATCH") body += ", \"customer_id\": " + customer;
                    body += "}";
                    auto r = client.call(method, std::string(method) == "POST" ? "/api/v2/work-orders" : path, token, body);
                    std::string where = std::string(method) + " " + field + "=" + value.substr(0, 40) + ": " + r.body.substr(0, 300);
                    CPPUNIT_ASSERT_MESSAGE(where, r.status < 500);
                    if (r.status >= 400) {
                        ++rejected;
                        CPPUNIT_ASSERT_MESSAGE(where, r.object()->has("detail"));
                        if (r.status == 422) {
                            // The entry names the field (or the body as a whole).
                            auto fieldsNamed = r.invalidFields();
                            CPPUNIT_ASSERT_MESSAGE(where, !fieldsNamed.empty());
                        }
                    } else if (std::string(method) == "POST") {
                        ++accepted;  // e.g. description "   " is a valid (empty) description
                    } else {
                        // An accepted PUT/PATCH changed the row: put it back for the next case.
                        ++accepted;
                        auto restored = client.call("PUT", path, token, R"({"customer_id": )" + customer + R"(, "assigned_technician_id": )" + tech +
                                                            R"(, "scheduled_date": "2030-06-01", "scheduled_time": "09:00:00", "notes": "n"})");
                        ASSERT_STATUS(200, restored);
                        before = restored.body;  // same fields, a new updated_at
                        continue;
                    }
                    if (std::string(method) != "POST" && r.status >= 400) {
                        auto now = client.call("GET", path, token).body;
                        CPPUNIT_ASSERT_EQUAL_MESSAGE(where, before, now);
                    }
                }
            }
        }
        CPPUNIT_ASSERT(rejected > 400);
        CPPUNIT_ASSERT(accepted > 0);
    }

    void bodiesOfTheWrongShape() {
        const std::string token = client.adminToken();
        std::string id = make.workOrder(make.customer());
        const std::string path = "/api/v2/work-orders/" + id;
        const std::string before = client.call("GET", path, token).body;
        const std::vector<std::string> bodies = {"[]", "[{\"notes\": \"x\"}]", "\"text\"", "42", "null", "true", "{",
                                                 "{\"notes\": }", "{\"notes\": \"x\",}", "{'notes': 'x'}",
                                                 std::string(64, '[') + std::string(64, ']')};
        for (const auto& body : bodies) {
            for (const char* method : {"PATCH", "PUT"}) {
                auto r = client.call(method, path, token, body);
                CPPUNIT_ASSERT_MESSAGE(std::string(method) + " " + body + ": " + r.body, r.status == 400 || r.status == 422);
                CPPUNIT_ASSERT_EQUAL(before, client.call("GET", path, token).body);
            }
        }
        ASSERT_STATUS(404, client.call("PATCH", "/api/v2/work-orders/987654321", token, R"({"notes": "x"})"));
        ASSERT_INVALID("path.id", client.call("PATCH", "/api/v2/work-orders/0", token, R"({"notes": "x"})"));
        ASSERT_INVALID("path.id", client.call("PATCH", "/api/v2/work-orders/9223372036854775808", token, R"({"notes": "x"})"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkOrderInputSweepTest);
