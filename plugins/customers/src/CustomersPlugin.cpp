// Customers (API.md section 3): list, get, create, replace, patch, delete.
// Every response's JSON is built by PostgreSQL (customer_json), and the
// validated request body goes to SQL as one jsonb parameter, so no field
// is mapped by hand in C++.
#include <crm/plugin.hpp>

#include <string>

namespace {

using namespace crm::schema;

constexpr const char* kRead = "customers:read";
constexpr const char* kWrite = "customers:write";

// What a client sends; name is required by POST and PUT, not by PATCH.
const Fields kFields = {
    {"name", string().minLength(1).maxLength(255).required()}, {"email", email().nullable().maxLength(255)},
    {"phone", string().nullable().maxLength(50)}, {"address", string().multiline().nullable().maxLength(500)},
    {"city", string().nullable().maxLength(100)}, {"state", string().nullable().maxLength(50)},
    {"zip_code", string().nullable().maxLength(20)}, {"region", string().nullable().maxLength(100)},
    {"notes", string().multiline().nullable()},
};

// What customer_json answers, for the OpenAPI document: the Customer
// component, which the work-orders plugin embeds too.
const json::Schema kCustomer = json::record({
    {"id", json::integer()}, {"name", json::string()}, {"email", json::string().orNull()},
    {"phone", json::string().orNull()}, {"address", json::string().orNull()}, {"city", json::string().orNull()},
    {"state", json::string().orNull()}, {"zip_code", json::string().orNull()}, {"region", json::string().orNull()},
    {"notes", json::string().orNull()}, {"created_at", json::dateTime()}, {"updated_at", json::dateTime()},
});
const json::Schema kAnswer = json::ref("Customer");

const crm::SortKeys kSorts("id", {{"name", "name"}, {"created_at", "created_at"}, {"id", "id"}});

// One statement: the page's items as a JSON array and the total count.
// NULL filters match everything; search is a case-insensitive substring
// with LIKE's wildcards escaped.
// Without a search the page walks the sort's index and stops at its LIMIT
// (NOT MATERIALIZED). With one, the matches are found once through the
// trigram indexes of customer_search, a narrow copy of what search tests
// and sorts on (sql/0005_search_table.sql), then counted and sorted there,
// and only the page's customers are read: walking the name index and
// testing every name would read all customers sorted before the first
// match ("Harbor" comes after 7,000 others), and testing customers' own
// wide rows read a page per match.
crm::Statement listSql(const std::string& orderBy, bool searching) {
    if (!searching)
        return crm::Statement(R"SQL(WITH matched AS NOT MATERIALIZED (
            SELECT * FROM customers c
            WHERE ($1::text IS NULL
                   OR c.name ILIKE $1 ESCAPE '\' OR c.email ILIKE $1 ESCAPE '\' OR c.phone ILIKE $1 ESCAPE '\')
              AND ($2::text IS NULL OR c.region = $2)
              AND ($3::text IS NULL OR c.city = $3)
              AND ($4::text IS NULL OR c.state = $4))
        SELECT coalesce((SELECT json_agg(customer_json(p) ORDER BY )SQL" + orderBy + R"SQL()
                         FROM (SELECT * FROM matched ORDER BY )SQL" + orderBy + R"SQL( LIMIT $5 OFFSET $6) p), '[]')::text,
               (SELECT count(*) FROM matched))SQL",
                              {"items", "total"});
    return crm::Statement(R"SQL(WITH matched AS MATERIALIZED (
            SELECT s.id, s.name, s.created_at FROM customer_search s
            WHERE (s.name ILIKE $1::text ESCAPE '\' OR s.email ILIKE $1::text ESCAPE '\' OR s.phone ILIKE $1::text ESCAPE '\')
              AND ($2::text IS NULL OR s.region = $2)
              AND ($3::text IS NULL OR s.city = $3)
              AND ($4::text IS NULL OR s.state = $4))
        SELECT coalesce((SELECT json_agg(customer_json(p) ORDER BY )SQL" + orderBy + R"SQL()
                         FROM (SELECT c.* FROM (SELECT id FROM matched ORDER BY )SQL" + orderBy + R"SQL( LIMIT $5 OFFSET $6) page
                               JOIN customers c USING (id)) p), '[]')::text,
               (SELECT count(*) FROM matched))SQL",
                          {"items", "total"});
}

const crm::Statement kGet{"SELECT customer_json(c)::text, crm_etag(c.updated_at) FROM customers c WHERE c.id = $1",
                         {"json", "etag"}};

const crm::Statement kInsert{R"SQL(
    INSERT INTO customers AS c (name, email, phone, address, city, state, zip_code, region, notes)
    SELECT b->>'name', b->>'email', b->>'phone', b->>'address', b->>'city', b->>'state',
           b->>'zip_code', b->>'region', b->>'notes'
    FROM (SELECT $1::jsonb AS b) input
    RETURNING customer_json(c)::text, crm_etag(c.updated_at))SQL", {"json", "etag"}};

// PUT when $3 is true: omitted optional fields become NULL. PATCH
// otherwise: a column changes only when its key was sent, in one statement,
// so concurrent patches of different fields never undo each other. $4 is
// If-Match. Answers (json, etag, found, fresh).
const crm::Statement kUpdate{R"SQL(
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
    SELECT (SELECT json FROM updated), (SELECT etag FROM updated), found, fresh FROM checks)SQL",
                             {"json", "etag", "found", "fresh"}};

const crm::Statement kDelete{"DELETE FROM customers WHERE id = $1 RETURNING id", {"id"}};
const crm::Statement kReferences{"SELECT what, how_many FROM customer_references($1::integer) WHERE how_many > 0",
                                 {"what", "how_many"}};

}  // namespace

class CustomersPlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes& routes) override {
        const Route byId = Route().pathId().answers(200, kAnswer);
        routes.add("GET", "/customers", kRead,
                   Route().component("Customer", kCustomer).items(kAnswer).paginated().sort(kSorts).longReadWhen({"search"})
                       .query({{"search", string().maxLength(255)}, {"region", string().maxLength(100)},
                               {"city", string().maxLength(100)}, {"state", string().maxLength(50)}}),
                   &CustomersPlugin::list, "List customers");
        routes.add("POST", "/customers", kWrite, Route().answers(201, kAnswer).body(kFields), &CustomersPlugin::create,
                   "Create a customer");
        routes.add("GET", "/customers/{id}", kRead, byId, &CustomersPlugin::get, "Get a customer");
        routes.add("PUT", "/customers/{id}", kWrite, Route(byId).ifMatch().body(kFields), &CustomersPlugin::replace,
                   "Replace a customer");
        routes.add("PATCH", "/customers/{id}", kWrite, Route(byId).ifMatch().body(kFields.partial()),
                   &CustomersPlugin::patch, "Change some fields of a customer");
        routes.add("DELETE", "/customers/{id}", kWrite, Route().pathId().status(204), &CustomersPlugin::remove,
                   "Delete a customer");
    }

private:
    void list(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto search = crm::containsPattern(request.query("search"));
        auto statement = listSql(kSorts.orderBy(request.sort("name")), search.has_value());
        response.page(request, db.page(request, statement, {search, request.filter("region"), request.filter("city"),
                                                            request.filter("state")}));
    }

    void get(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        response.resource(db.one(kGet, {request.pathId("id")}, "Customer not found"));
    }

    void create(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        response.resource(db.one(kInsert, {request.body()}), 201);
    }

    void replace(const crm::Request& request, crm::Response& response) { update(request, response, true); }

    void patch(const crm::Request& request, crm::Response& response) {
        if (request.bodyIsEmpty()) return get(request, response);  // nothing changes, updated_at included
        update(request, response, false);
    }

    void update(const crm::Request& request, crm::Response& response, bool replace) {
        crm::Db db(host());
        auto row = db.one(kUpdate, {request.pathId("id"), request.body(), replace, request.ifMatch()});
        if (!row.boolean("found")) throw crm::NotFound("Customer not found");
        if (!row.boolean("fresh")) throw crm::HttpError(412, "Customer was modified by someone else; reload it");
        response.resource(row);
    }

    void remove(const crm::Request& request, crm::Response& response) {
        int64_t id = request.pathId("id");
        crm::Db db(host());
        try {
            db.one(kDelete, {id}, "Customer not found");
        } catch (const crm::DatabaseError& e) {
            if (!e.isForeignKeyViolation()) throw;
            throw crm::Conflict(referencesMessage(db, id));
        }
        response.noContent();
    }

    static std::string referencesMessage(crm::Db& db, int64_t id) {
        std::string what;
        for (const crm::Row& ref : db.query(kReferences, {id}))
            what += (what.empty() ? "" : ", ") + ref.text("how_many") + " " + ref.text("what");
        if (what.empty()) what = "records that reference it";
        return "Customer " + std::to_string(id) + " has " + what + "; delete or reassign them first";
    }
};

CRM_PLUGIN(CustomersPlugin, "customers", "1.1.0")
