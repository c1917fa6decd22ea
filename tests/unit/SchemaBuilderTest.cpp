// The SDK's schema builder (sdk/include/crm/schema.hpp) writes what the
// core reads: each route schema it builds is parsed here by the core's own
// RouteSchema, as the host parses crm_route.schema_json.
#include "api/RouteSchema.h"

#include <crm/schema.hpp>

#include <cppunit/extensions/HelperMacros.h>

using crm::FieldType;
using crm::RouteSchema;
using crm::SortKeys;
namespace schema = crm::schema;
namespace json = crm::schema::json;

class SchemaBuilderTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SchemaBuilderTest);
    CPPUNIT_TEST(fieldsKeepTheirOrderAndRules);
    CPPUNIT_TEST(partialFieldsRequireNothing);
    CPPUNIT_TEST(listKeysReachTheCore);
    CPPUNIT_TEST(answersAreJsonSchemaText);
    CPPUNIT_TEST(nullableAnswers);
    CPPUNIT_TEST(sortKeysGiveBothDirections);
    CPPUNIT_TEST(textIsEscaped);
    CPPUNIT_TEST_SUITE_END();

    const schema::Fields fields = {
        {"name", schema::string().minLength(1).maxLength(5).required()},
        {"priority", schema::integer().minimum(1).maximum(5)},
        {"email", schema::email().nullable()},
        {"status", schema::enumOf({"pending", "done"})},
        {"skills", schema::stringArray().maxItems(2)},
        {"notes", schema::string().multiline().untrimmed()},
        {"audience", schema::object({{"region", schema::string().nullable()}})},
    };

public:
    void fieldsKeepTheirOrderAndRules() {
        auto parsed = RouteSchema::parse(schema::Route().pathId().body(fields).text());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), parsed.path.size());
        CPPUNIT_ASSERT_EQUAL(std::string("id"), parsed.path[0].name);
        CPPUNIT_ASSERT(parsed.path[0].type == FieldType::Integer);
        CPPUNIT_ASSERT_EQUAL(int64_t(2147483647), *parsed.path[0].maximum);
        CPPUNIT_ASSERT(parsed.hasBody);
        const auto& body = parsed.body;
        CPPUNIT_ASSERT_EQUAL(std::size_t(7), body.size());
        const char* order[] = {"name", "priority", "email", "status", "skills", "notes", "audience"};
        for (std::size_t i = 0; i < body.size(); ++i) CPPUNIT_ASSERT_EQUAL(std::string(order[i]), body[i].name);
        CPPUNIT_ASSERT(body[0].required && !body[0].nullable);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), *body[0].maxLength);
        CPPUNIT_ASSERT_EQUAL(int64_t(1), *body[1].minimum);
        CPPUNIT_ASSERT(body[2].type == FieldType::Email && body[2].nullable);
        CPPUNIT_ASSERT(body[3].type == FieldType::Enum && body[3].values == std::vector<std::string>({"pending", "done"}));
        CPPUNIT_ASSERT(body[4].type == FieldType::StringArray && *body[4].maxItems == 2);
        CPPUNIT_ASSERT(body[5].multiline && !body[5].trim);
        CPPUNIT_ASSERT(body[6].type == FieldType::Object);
        CPPUNIT_ASSERT_EQUAL(std::string("audience.region"), body[6].properties.at(0).name);
    }

    void partialFieldsRequireNothing() {
        auto parsed = RouteSchema::parse(schema::Route().body(fields.partial()).text());
        for (const auto& field : parsed.body) CPPUNIT_ASSERT(!field.required);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), *parsed.body[0].maxLength);  // the rest stays
        auto both = RouteSchema::parse(schema::Route().query(fields + schema::Fields{{"more", schema::date()}}).text());
        CPPUNIT_ASSERT_EQUAL(std::string("more"), both.query.back().name);
    }

    void listKeysReachTheCore() {
        SortKeys sorts("p.id", {{"name", "p.name"}, {"id", "p.id"}});
        auto parsed = RouteSchema::parse(schema::Route()
                                             .keyset()
                                             .sort(sorts)
                                             .longReadWhen({"search"})
                                             .items(json::ref("Thing"))
                                             .envelope("start_date", json::date())
                                             .component("Thing", json::record({{"id", json::integer()}}))
                                             .query({{"search", schema::string()}})
                                             .text());
        CPPUNIT_ASSERT(parsed.paginated && parsed.keyset);
        CPPUNIT_ASSERT(parsed.sortFields == std::vector<std::string>({"name", "id"}));
        CPPUNIT_ASSERT(!parsed.longRead && parsed.longReadWhen == std::vector<std::string>({"search"}));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"$ref":"#/components/schemas/Thing"})"), parsed.responses.items);
        CPPUNIT_ASSERT_EQUAL(std::string("start_date"), parsed.responses.envelope.at(0).first);
        CPPUNIT_ASSERT_EQUAL(std::string("Thing"), parsed.responses.components.at(0).first);
        CPPUNIT_ASSERT(RouteSchema::parse(schema::Route().paginated().longRead().text()).longRead);
    }

    void answersAreJsonSchemaText() {
        auto parsed = RouteSchema::parse(schema::Route()
                                             .answers(201, json::record({{"id", json::integer()}, {"at", json::dateTime()}}))
                                             .answers(409, json::error())
                                             .ifMatch()
                                             .withoutDatabase()
                                             .mediaType("text/html")
                                             .form()
                                             .body({})
                                             .text());
        CPPUNIT_ASSERT_EQUAL(201, parsed.responses.status);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"object","additionalProperties":false,"required":["id","at"],)"
                                         R"("properties":{"id":{"type":"integer"},)"
                                         R"("at":{"type":"string","format":"date-time"}}})"),
                             parsed.responses.bodies.at(201));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"$ref":"#/components/schemas/Error"})"), parsed.responses.bodies.at(409));
        CPPUNIT_ASSERT(parsed.responses.ifMatch && !parsed.responses.usesDatabase && parsed.acceptsForm);
        CPPUNIT_ASSERT_EQUAL(std::string("text/html"), parsed.responses.mediaType);
        CPPUNIT_ASSERT_EQUAL(204, RouteSchema::parse(schema::Route().status(204).text()).responses.status);
    }

    void nullableAnswers() {
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type": ["string", "null"], "format": "date"})"),
                             json::date().orNull().json().text());
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]})"),
                             json::ref("T").orNull().json().text());
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type": "array", "items": {"type": "string"}})"),
                             json::arrayOf(json::string()).json().text());
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"enum": ["a", "b"]})"), json::enumOf({"a", "b"}).json().text());
    }

    void sortKeysGiveBothDirections() {
        SortKeys sorts("p.id", {{"name", "p.name"},
                                {"rate", "p.rate NULLS LAST"},
                                {"when", {"p.day NULLS LAST", "p.time NULLS LAST"}},
                                {"id", "p.id"}});
        CPPUNIT_ASSERT_EQUAL(std::string("p.name, p.id"), sorts.orderBy("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("p.name DESC, p.id DESC"), sorts.orderBy("-name"));
        CPPUNIT_ASSERT_EQUAL(std::string("p.rate NULLS LAST, p.id"), sorts.orderBy("rate"));
        CPPUNIT_ASSERT_EQUAL(std::string("p.rate DESC NULLS LAST, p.id DESC"), sorts.orderBy("-rate"));
        CPPUNIT_ASSERT_EQUAL(std::string("p.day DESC NULLS LAST, p.time DESC NULLS LAST, p.id DESC"), sorts.orderBy("-when"));
        CPPUNIT_ASSERT_EQUAL(std::string("p.id"), sorts.orderBy("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("p.id DESC"), sorts.orderBy("-id"));
        CPPUNIT_ASSERT(sorts.names() == std::vector<std::string>({"name", "rate", "when", "id"}));
        CPPUNIT_ASSERT_THROW(sorts.orderBy("other"), std::logic_error);
    }

    void textIsEscaped() {
        crm::Json object = crm::Json::object().set("a\"b", "line\nbreak").set("n", 3).set("t", true);
        object.set("n", 4);  // a key set again keeps its place
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a\"b": "line\u000abreak", "n": 4, "t": true})"), object.text());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SchemaBuilderTest);
