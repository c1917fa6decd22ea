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

constexpr const char* kIdSchema = R"({"path": {"id": {"type": "integer", "minimum": 1}}})";

constexpr const char* kListSchema = R"({
  "paginated": true,
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
    "\"address\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 500},"            \
    "\"city\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 100},"               \
    "\"state\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 50},"               \
    "\"zip_code\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 20},"            \
    "\"region\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 100},"             \
    "\"notes\": {\"type\": \"string\", \"nullable\": true}"

constexpr const char* kCreateSchema = "{\"body\": {" CUSTOMER_FIELDS(", \"required\": true") "}}";
constexpr const char* kReplaceSchema =
    "{\"path\": {\"id\": {\"type\": \"integer\", \"minimum\": 1}}, \"body\": {" CUSTOMER_FIELDS(", \"required\": true") "}}";
constexpr const char* kPatchSchema =
    "{\"path\": {\"id\": {\"type\": \"integer\", \"minimum\": 1}}, \"body\": {" CUSTOMER_FIELDS("") "}}";

// ORDER BY per validated sort value (ties broken by id); never built from input.
const std::map<std::string, std::string> kOrderBy = {
    {"name", "name, id"},           {"-name", "name DESC, id DESC"},
    {"created_at", "created_at, id"}, {"-created_at", "created_at DESC, id DESC"},
    {"id", "id"},                   {"-id", "id DESC"},
};

// One statement: the page's items as a JSON array and the total count.
// NULL filters match everything; search is a case-insensitive substring
// with LIKE's wildcards escaped.
std::string listSql(const std::string& orderBy) {
    return R"SQL(
        WITH matched AS (
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

constexpr const char* kGetSql = "SELECT customer_json(c)::text FROM customers c WHERE c.id = $1";

constexpr const char* kInsertSql = R"SQL(
    INSERT INTO customers AS c (name, email, phone, address, city, state, zip_code, region, notes)
    SELECT b->>'name', b->>'email', b->>'phone', b->>'address', b->>'city', b->>'state',
           b->>'zip_code', b->>'region', b->>'notes'
    FROM (SELECT $1::jsonb AS b) input
    RETURNING customer_json(c)::text)SQL";

// PUT: omitted optional fields become NULL (b->>'missing' is NULL).
constexpr const char* kReplaceSql = R"SQL(
    UPDATE customers c SET
        name = b->>'name', email = b->>'email', phone = b->>'phone', address = b->>'address',
        city = b->>'city', state = b->>'state', zip_code = b->>'zip_code', region = b->>'region',
        notes = b->>'notes', updated_at = now()
    FROM (SELECT $2::jsonb AS b) input
    WHERE c.id = $1
    RETURNING customer_json(c)::text)SQL";

// PATCH: a column changes only when its key was sent, in one statement, so
// concurrent patches of different fields never undo each other.
constexpr const char* kPatchSql = R"SQL(
    UPDATE customers c SET
        name     = CASE WHEN b ? 'name'     THEN b->>'name'     ELSE c.name END,
        email    = CASE WHEN b ? 'email'    THEN b->>'email'    ELSE c.email END,
        phone    = CASE WHEN b ? 'phone'    THEN b->>'phone'    ELSE c.phone END,
        address  = CASE WHEN b ? 'address'  THEN b->>'address'  ELSE c.address END,
        city     = CASE WHEN b ? 'city'     THEN b->>'city'     ELSE c.city END,
        state    = CASE WHEN b ? 'state'    THEN b->>'state'    ELSE c.state END,
        zip_code = CASE WHEN b ? 'zip_code' THEN b->>'zip_code' ELSE c.zip_code END,
        region   = CASE WHEN b ? 'region'   THEN b->>'region'   ELSE c.region END,
        notes    = CASE WHEN b ? 'notes'    THEN b->>'notes'    ELSE c.notes END,
        updated_at = now()
    FROM (SELECT $2::jsonb AS b) input
    WHERE c.id = $1
    RETURNING customer_json(c)::text)SQL";

constexpr const char* kDeleteSql = "DELETE FROM customers WHERE id = $1 RETURNING id";
constexpr const char* kReferencesSql = "SELECT what, how_many FROM customer_references($1::integer) WHERE how_many > 0";

std::optional<std::string> likePattern(std::optional<std::string_view> search) {
    if (!search || search->empty()) return std::nullopt;
    std::string pattern = "%";
    for (char c : *search) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

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
        routes.add("GET", "/customers/{id}", kRead, kIdSchema, &CustomersPlugin::get, "Get a customer");
        routes.add("PUT", "/customers/{id}", kWrite, kReplaceSchema, &CustomersPlugin::replace, "Replace a customer");
        routes.add("PATCH", "/customers/{id}", kWrite, kPatchSchema, &CustomersPlugin::patch, "Change some fields of a customer");
        routes.add("DELETE", "/customers/{id}", kWrite, kIdSchema, &CustomersPlugin::remove, "Delete a customer");
    }

private:
    void list(const crm::Request& request, crm::Response& response) {
        auto [page, pageSize] = request.page();
        const std::string& orderBy = kOrderBy.at(std::string(request.query("sort").value_or("name")));
        crm::Db db(host());
        auto rows = db.query(listSql(orderBy), {likePattern(request.query("search")), text(request.query("region")),
                                                text(request.query("city")), text(request.query("state")), pageSize,
                                                (page - 1) * pageSize});
        response.page(request, rows.text(0, 0), rows.integer(0, 1));
    }

    void get(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        response.json(found(db.json(kGetSql, {request.pathId("id")})));
    }

    void create(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        response.json(*db.json(kInsertSql, {request.body()}), 201);
    }

    void replace(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        response.json(found(db.json(kReplaceSql, {request.pathId("id"), request.body()})));
    }

    void patch(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        // An empty patch changes nothing, updated_at included.
        if (request.bodyIsEmpty()) return response.json(found(db.json(kGetSql, {request.pathId("id")})));
        response.json(found(db.json(kPatchSql, {request.pathId("id"), request.body()})));
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

    static std::string found(const std::optional<std::string>& json) {
        if (!json) throw crm::NotFound("Customer not found");
        return *json;
    }
};

CRM_PLUGIN(CustomersPlugin, "customers", "1.0.0")
