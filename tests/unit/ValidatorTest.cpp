#include "validation/Validator.h"

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

using crm::RouteSchema;
using crm::ValidationIssue;
using crm::Validator;

namespace {

const char* const kSchema = R"({
  "paginated": true,
  "sort": ["name", "id"],
  "query": {"status": {"type": "enum_list", "values": ["pending", "done"]}, "active": {"type": "boolean"}},
  "body": {
    "name": {"type": "string", "required": true, "minLength": 1, "maxLength": 5},
    "priority": {"type": "integer", "minimum": 1, "maximum": 5},
    "when": {"type": "date", "nullable": true},
    "at": {"type": "time"},
    "email": {"type": "email", "nullable": true},
    "skills": {"type": "string_array", "maxItems": 2, "minLength": 1, "maxLength": 3},
    "color": {"type": "color"},
    "status": {"type": "enum", "values": ["pending", "done"]}
  }})";

struct Checked {
    std::string body;
    std::vector<ValidationIssue> issues;
};

}  // namespace

class ValidatorTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ValidatorTest);
    CPPUNIT_TEST(pageAndPageSizeAreBounded);
    CPPUNIT_TEST(pageDefaultsApplyWhenAbsent);
    CPPUNIT_TEST(sortMustBeAListedField);
    CPPUNIT_TEST(enumListChecksEveryItem);
    CPPUNIT_TEST(stringsAreTrimmedThenMeasured);
    CPPUNIT_TEST(integersAreStrict);
    CPPUNIT_TEST(datesAndTimesAreReal);
    CPPUNIT_TEST(nullOnlyWhereNullable);
    CPPUNIT_TEST(unknownFieldsAreDropped);
    CPPUNIT_TEST(requiredFieldMissing);
    CPPUNIT_TEST(arraysEmailsAndColours);
    CPPUNIT_TEST_SUITE_END();

    RouteSchema schema = RouteSchema::parse(kSchema);

    std::vector<ValidationIssue> query(std::vector<std::pair<std::string, std::string>> q, crm::Request& request) {
        request.query = std::move(q);
        return Validator::checkParameters(schema, request);
    }

    Checked body(const std::string& json) {
        Checked c;
        auto object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        c.body = Validator::normaliseBody(schema, *object, c.issues);
        return c;
    }

    static bool hasIssue(const std::vector<ValidationIssue>& issues, const std::string& field, const std::string& type) {
        for (const auto& i : issues)
            if (i.field == field && i.type == type) return true;
        return false;
    }

public:
    void pageAndPageSizeAreBounded() {
        crm::Request r;
        CPPUNIT_ASSERT(hasIssue(query({{"page", "0"}}, r), "page", "greater_than_equal"));
        CPPUNIT_ASSERT(hasIssue(query({{"page_size", "201"}}, r), "page_size", "less_than_equal"));
        CPPUNIT_ASSERT(hasIssue(query({{"page_size", "0"}}, r), "page_size", "greater_than_equal"));
        CPPUNIT_ASSERT(hasIssue(query({{"page", "two"}}, r), "page", "int_parsing"));
        CPPUNIT_ASSERT(hasIssue(query({{"page", "1.5"}}, r), "page", "int_parsing"));
        crm::Request ok;
        CPPUNIT_ASSERT(query({{"page", "3"}, {"page_size", "200"}}, ok).empty());
        CPPUNIT_ASSERT_EQUAL(int64_t(3), ok.page);
        CPPUNIT_ASSERT_EQUAL(int64_t(200), ok.pageSize);
    }

    void pageDefaultsApplyWhenAbsent() {
        crm::Request r;
        CPPUNIT_ASSERT(query({}, r).empty());
        CPPUNIT_ASSERT_EQUAL(int64_t(1), r.page);
        CPPUNIT_ASSERT_EQUAL(int64_t(50), r.pageSize);
    }

    void sortMustBeAListedField() {
        crm::Request r;
        CPPUNIT_ASSERT(query({{"sort", "-name"}}, r).empty());
        CPPUNIT_ASSERT(hasIssue(query({{"sort", "email"}}, r), "sort", "enum"));
    }

    void enumListChecksEveryItem() {
        crm::Request r;
        CPPUNIT_ASSERT(query({{"status", "pending, done"}}, r).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("pending,done"), *r.queryParam("status"));
        CPPUNIT_ASSERT(hasIssue(query({{"status", "pending,bogus"}}, r), "status", "enum"));
        CPPUNIT_ASSERT(hasIssue(query({{"active", "maybe"}}, r), "active", "bool_parsing"));
    }

    void stringsAreTrimmedThenMeasured() {
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"name": "ab"})"), body(R"({"name": "  ab  "})").body);
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "   "})").issues, "name", "string_too_short"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "abcdef"})").issues, "name", "string_too_long"));
        // Five characters, more bytes: length counts characters.
        CPPUNIT_ASSERT(body("{\"name\": \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}").issues.empty());
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": 12})").issues, "name", "string_type"));
    }

    void integersAreStrict() {
        CPPUNIT_ASSERT(body(R"({"name": "a", "priority": 5})").issues.empty());
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "priority": "3"})").issues, "priority", "int_type"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "priority": true})").issues, "priority", "int_type"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "priority": 3.5})").issues, "priority", "int_from_float"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "priority": 6})").issues, "priority", "less_than_equal"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "priority": 0})").issues, "priority", "greater_than_equal"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "priority": 9223372036854775808})").issues, "priority", "less_than_equal"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "priority": [1]})").issues, "priority", "int_type"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "priority": {"v": 1}})").issues, "priority", "int_type"));
    }

    void datesAndTimesAreReal() {
        CPPUNIT_ASSERT(body(R"({"name": "a", "when": "2024-02-29", "at": "09:30"})").issues.empty());
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"name": "a", "at": "09:30:00"})"), body(R"({"name": "a", "at": "09:30"})").body);
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "when": "2025-02-29"})").issues, "when", "date_parsing"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "when": "2025-02-30"})").issues, "when", "date_parsing"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "when": "2025-13-01"})").issues, "when", "date_parsing"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "when": "tomorrow"})").issues, "when", "date_parsing"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "at": "25:00"})").issues, "at", "time_parsing"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "at": "12:60"})").issues, "at", "time_parsing"));
    }

    void nullOnlyWhereNullable() {
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"name": "a", "when": null})"), body(R"({"name": "a", "when": null})").body);
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": null})").issues, "name", "string_type"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "priority": null})").issues, "priority", "int_type"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "status": null})").issues, "status", "enum"));
    }

    void unknownFieldsAreDropped() {
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"name": "a"})"), body(R"({"name": "a", "hack": "x"})").body);
    }

    void requiredFieldMissing() {
        auto c = body(R"({"priority": 2})");
        CPPUNIT_ASSERT(hasIssue(c.issues, "name", "missing"));
        CPPUNIT_ASSERT_EQUAL(std::string("Field required"), c.issues[0].message);
        CPPUNIT_ASSERT_EQUAL(std::string("body"), c.issues[0].location);
    }

    void arraysEmailsAndColours() {
        CPPUNIT_ASSERT(body(R"({"name": "a", "skills": ["abc"], "email": "a@b.co", "color": "#A0b1C2"})").issues.empty());
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "skills": ["a", "b", "c"]})").issues, "skills", "too_long"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "skills": "abc"})").issues, "skills", "list_type"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "skills": [1]})").issues, "skills", "string_type"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "email": "nobody"})").issues, "email", "value_error"));
        CPPUNIT_ASSERT(hasIssue(body(R"({"name": "a", "color": "red"})").issues, "color", "string_pattern_mismatch"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ValidatorTest);
