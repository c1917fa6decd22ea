// Customers (API.md section 3): list, get, create, replace, patch, delete.
// Every response's JSON is built by PostgreSQL (customer_json), and the
// validated request body goes to SQL as one jsonb parameter, so no field
// is mapped by hand in C++.
#include <crm/plugin.hpp>

#include <map>
#include <string>

namespace {

constexpr const char* kRead = "customers:read";
constexpr const char* kWrite = "customers:write";

#define ID_PATH R"("path": {"id": {"type": "integer", "minimum": 1, "maximum": 2147483647}})"
// What the routes answer, for the OpenAPI document (RouteSchema.h): a
// customer_json object, the Customer component (declared on the list).
#define ANSWERS_CUSTOMER R"("responses": {"200": {"$ref": "#/components/schemas/Customer"}})"

constexpr const char* kGetSchema = "{" ID_PATH ", " ANSWERS_CUSTOMER "}";
constexpr const char* kDeleteSchema = "{" ID_PATH R"(, "status": 204})";

constexpr const char* kListSchema = R"({
  "schemas": {"Customer": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "name", "email", "phone", "address", "city", "state", "zip_code", "region", "notes",
                 "created_at", "updated_at"],
    "properties": {
      "id": {"type": "integer"}, "name": {"type": "string"}, "email": {"type": ["string", "null"]},
      "phone": {"type": ["string", "null"]}, "address": {"type": ["string", "null"]}, "city": {"type": ["string", "null"]},
      "state": {"type": ["string", "null"]}, "zip_code": {"type": ["string", "null"]}, "region": {"type": ["string", "null"]},
      "notes": {"type": ["string", "null"]},
      "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}}},
  "items": {"$ref": "#/components/schemas/Customer"},
  "paginated": true,
  "long_read": ["search"],
  "sort": ["name", "created_at", "id"],
  "query": {
    "search": {"type": "string", "maxLength": 255},
    "region": {"type": "string", "maxLength": 100},
    "city": {"type": "string", "maxLength": 100},
    "state": {"type": "string", "maxLength": 50}
  }})";

// The fields of a customer; "required" is added for POST and PUT.
#define CUSTOMER_FIELDS(NAME_REQUIRED)                                                         \
    "\"name\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 255" NAME_REQUIRED "}," \
    "\"email\": {\"type\": \"email\", \"nullable\": true, \"maxLength\": 255},"               \
    "\"phone\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 50},"               \
    "\"address\": {\"type\": \"string\", \"multiline\": true, \"nullable\": true, \"maxLength\": 500},"            \
    "\"city\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 100},"               \
    "\"state\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 50},"               \
    "\"zip_code\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 20},"            \
    "\"region\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 100},"             \
    "\"notes\": {\"type\": \"string\", \"multiline\": true, \"nullable\": true}"

constexpr const char* kCreateSchema =
    R"({"responses": {"201": {"$ref": "#/components/schemas/Customer"}}, "body": {)" CUSTOMER_FIELDS(", \"required\": true") "}}";
constexpr const char* kReplaceSchema =
    "{" ID_PATH ", " ANSWERS_CUSTOMER R"(, "if_match": true, "body": {)" CUSTOMER_FIELDS(", \"required\": true") "}}";
constexpr const char* kPatchSchema = "{" ID_PATH ", " ANSWERS_CUSTOMER R"(, "if_match": true, "body": {)" CUSTOMER_FIELDS("") "}}";

// ORDER BY per validated sort value (ties broken by id); never built from input.
const std::map<std::string, std::string> kOrderBy = {
    {"name", "name, id"},           {"-name", "name DESC, id DESC"},
    {"created_at", "created_at, id"}, {"-created_at", "created_at DESC, id DESC"},
    {"id", "id"},                   {"-id", "id DESC"},
};

// One statement: the page's items as a JSON array and the total count.
// NULL filters match everything; search is a case-insensitive substring
// with LIKE's wildcards escaped.
// Without a search the page walks the sort's index and stops at its LIMIT
// (NOT MATERIALIZED). With one, the matches are found once through the
// trigram indexes and then counted and sorted: walking the name index and
// testing every name would read all customers sorted before the first
// match ("Harbor" comes after 7,000 others).
std::string listSql(const std::string& orderBy, bool searching) {
    return std::string(searching ? "WITH matched AS MATERIALIZED (" : "WITH matched AS NOT MATERIALIZED (") + R"SQL(
            SELECT * FROM customers c
            WHERE ($1::text IS NULL
                   OR c.name ILIKE $1 ESCAPE '\' OR c.email ILIKE $1 ESCAPE '\' OR c.phone ILIKE $1 ESCAPE '\')
              AND ($2::text IS NULL OR c.region = $2)
              AND ($3::text IS NULL OR c.city = $3)
              AND ($4::text IS NULL OR c.state = $4))
        SELECT coalesce((SELECT json_agg(customer_json(p) ORDER BY )SQL" + orderBy + R"SQL()
                         FROM (SELECT * FROM matched ORDER BY )SQL" + orderBy + R"SQL( LIMIT $5 OFFSET $6) p), '[]')::text,
               (SELECT count(*) FROM matched))SQL";
}

constexpr const char* kGetSql = "SELECT customer_json(c)::text, crm_etag(c.updated_at) FROM customers c WHERE c.id = $1";

constexpr const char* kInsertSql = R"SQL(
    INSERT INTO customers AS c (name, email, phone, address, city, state, zip_code, region, notes)
    SELECT b->>'name', b->>'email', b->>'phone', b->>'address', b->>'city', b->>'state',
           b->>'zip_code', b->>'region', b->>'notes'
    FROM (SELECT $1::jsonb AS b) input
    RETURNING customer_json(c)::text, crm_etag(c.updated_at))SQL";

// PUT when $3 is true: omitted optional fields become NULL. PATCH
// otherwise: a column changes only when its key was sent, in one statement,
// so concurrent patches of different fields never undo each other. $4 is
// If-Match. Answers (json, etag, found, fresh).
constexpr const char* kUpdateSql = R"SQL(
    WITH input AS (SELECT $2::jsonb AS b, $3::boolean AS replace),
    target AS (SELECT id, crm_etag(updated_at) AS etag FROM customers WHERE id = $1 FOR UPDATE),
    checks AS (SELECT EXISTS (SELECT 1 FROM target) AS found,
                      coalesce((SELECT $4::text IS NULL OR etag = $4 FROM target), false) AS fresh),
    updated AS (
        UPDATE customers c SET
            name     = CASE WHEN replace OR b ? 'name'     THEN b->>'name'     ELSE c.name END,
            email    = CASE WHEN replace OR b ? 'email'    THEN b->>'email'    ELSE c.email END,
            phone    = CASE WHEN replace OR b ? 'phone'    THEN b->>'phone'    ELSE c.phone END,
            address  = CASE WHEN replace OR b ? 'address'  THEN b->>'address'  ELSE c.address END,
            city     = CASE WHEN replace OR b ? 'city'     THEN b->>'city'     ELSE c.city END,
            state    = CASE WHEN replace OR b ? 'state'    THEN b->>'state'    ELSE c.state END,
            zip_code = CASE WHEN replace OR b ? 'zip_code' THEN b->>'zip_code' ELSE c.zip_code END,
            region   = CASE WHEN replace OR b ? 'region'   THEN b->>'region'   ELSE c.region END,
            notes    = CASE WHEN replace OR b ? 'notes'    THEN b->>'notes'    ELSE c.notes END,
            updated_at = now()
        FROM input, checks
        WHERE c.id = $1 AND checks.fresh
        RETURNING customer_json(c)::text AS json, crm_etag(c.updated_at) AS etag)
    SELECT (SELECT json FROM updated), (SELECT etag FROM updated), found, fresh FROM checks)SQL";

constexpr const char* kDeleteSql = "DELETE FROM customers WHERE id = $1 RETURNING id";
constexpr const char* kReferencesSql = "SELECT what, how_many FROM customer_references($1::integer) WHERE how_many > 0";


std::optional<std::string> text(std::optional<std::string_view> value) {
    if (!value || value->empty()) return std::nullopt;
    return std::string(*value);
}

}  // namespace

class CustomersPlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes& routes) override {
        routes.add("GET", "/customers", kRead, kListSchema, &CustomersPlugin::list, "List customers");
        routes.add("POST", "/customers", kWrite, kCreateSchema, &CustomersPlugin::create, "Create a customer");
        routes.add("GET", "/customers/{id}", kRead, kGetSchema, &CustomersPlugin::get, "Get a customer");
        routes.add("PUT", "/customers/{id}", kWrite, kReplaceSchema, &CustomersPlugin::replace, "Replace a customer");
        routes.add("PATCH", "/customers/{id}", kWrite, kPatchSchema, &CustomersPlugin::patch, "Change some fields of a customer");
        routes.add("DELETE", "/customers/{id}", kWrite, kDeleteSchema, &CustomersPlugin::remove, "Delete a customer");
    }

private:
    void list(const crm::Request& request, crm::Response& response) {
        auto [page, pageSize] = request.page();
        const std::string& orderBy = kOrderBy.at(request.sort("name"));
        crm::Db db(host());
        auto search = crm::containsPattern(request.query("search"));
        auto rows = db.query(listSql(orderBy, search.has_value()),
                             {search, text(request.query("region")), text(request.query("city")),
                              text(request.query("state")), pageSize, (page - 1) * pageSize});
        response.page(request, rows.text(0, 0), rows.integer(0, 1));
    }

    void get(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto rows = db.query(kGetSql, {request.pathId("id")});
        if (rows.empty()) throw crm::NotFound("Customer not found");
        response.resource(rows.text(0, 0), rows.text(0, 1));
    }

    void create(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto rows = db.query(kInsertSql, {request.body()});
        response.resource(rows.text(0, 0), rows.text(0, 1), 201);
    }

    void replace(const crm::Request& request, crm::Response& response) { update(request, response, true); }

    void patch(const crm::Request& request, crm::Response& response) {
        if (request.bodyIsEmpty()) return get(request, response);  // nothing changes, updated_at included
        update(request, response, false);
    }

    void update(const crm::Request& request, crm::Response& response, bool replace) {
        crm::Db db(host());
        auto rows = db.query(kUpdateSql, {request.pathId("id"), request.body(), replace ? "true" : "false", request.ifMatch()});
        if (rows.text(0, 2) != "t") throw crm::NotFound("Customer not found");
        if (rows.text(0, 3) != "t") throw crm::HttpError(412, "Customer was modified by someone else; reload it");
        response.resource(rows.text(0, 0), rows.text(0, 1));
    }

    void remove(const crm::Request& request, crm::Response& response) {
        int64_t id = request.pathId("id");
        crm::Db db(host());
        try {
            if (db.query(kDeleteSql, {id}).empty()) throw crm::NotFound("Customer not found");
        } catch (const crm::DatabaseError& e) {
            if (!e.isForeignKeyViolation()) throw;
            throw crm::Conflict(referencesMessage(db, id));
        }
        response.noContent();
    }

    static std::string referencesMessage(crm::Db& db, int64_t id) {
        auto refs = db.query(kReferencesSql, {id});
        std::string what;
        for (size_t i = 0; i < refs.rows(); ++i)
            what += (i ? ", " : "") + refs.text(i, 1) + " " + refs.text(i, 0);
        if (what.empty()) what = "records that reference it";
        return "Customer " + std::to_string(id) + " has " + what + "; delete or reassign them first";
    }

};

CRM_PLUGIN(CustomersPlugin, "customers", "1.1.0")
