// Technicians (API.md section 4): list, get, create, replace, patch.
// A technician's schedule (/technicians/{id}/schedule) reads work orders,
// so the schedule plugin serves it.
#include <crm/plugin.hpp>

#include <map>
#include <string>

namespace {

constexpr const char* kRead = "technicians:read";
constexpr const char* kWrite = "technicians:write";

// What the routes answer, for the OpenAPI document (RouteSchema.h): a
// technician_json object, declared once here as the Technician component.
#define ANSWERS_TECHNICIAN R"("responses": {"200": {"$ref": "#/components/schemas/Technician"}})"
constexpr const char* kIdSchema =
    R"({"path": {"id": {"type": "integer", "minimum": 1, "maximum": 2147483647}}, )" ANSWERS_TECHNICIAN "}";
constexpr const char* kListSchema = R"({
  "schemas": {"Technician": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "user_id", "name", "email", "phone", "skills", "is_active", "color", "created_at", "updated_at"],
    "properties": {
      "id": {"type": "integer"}, "user_id": {"type": ["integer", "null"]}, "name": {"type": "string"},
      "email": {"type": ["string", "null"]}, "phone": {"type": ["string", "null"]},
      "skills": {"type": "array", "items": {"type": "string"}}, "is_active": {"type": "boolean"},
      "color": {"type": ["string", "null"]},
      "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}}},
  "items": {"$ref": "#/components/schemas/Technician"},
  "paginated": true,
  "long_read": ["search"],
  "sort": ["name", "id"],
  "query": {
    "is_active": {"type": "boolean"},
    "skill": {"type": "string", "minLength": 1, "maxLength": 100},
    "search": {"type": "string", "maxLength": 255}
  }})";

#define TECHNICIAN_FIELDS(NAME_REQUIRED)                                                                 \
    "\"name\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 255" NAME_REQUIRED "},"            \
    "\"email\": {\"type\": \"email\", \"nullable\": true, \"maxLength\": 255},"                          \
    "\"phone\": {\"type\": \"string\", \"nullable\": true, \"maxLength\": 50},"                          \
    "\"skills\": {\"type\": \"string_array\", \"minLength\": 1, \"maxLength\": 100, \"maxItems\": 50},"  \
    "\"is_active\": {\"type\": \"boolean\"},"                                                            \
    "\"color\": {\"type\": \"color\", \"nullable\": true},"                                              \
    "\"user_id\": {\"type\": \"integer\", \"nullable\": true, \"minimum\": 1, \"maximum\": 2147483647}"
#define ID_PATH "\"path\": {\"id\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 2147483647}}"

constexpr const char* kCreateSchema =
    R"({"responses": {"201": {"$ref": "#/components/schemas/Technician"}}, "body": {)" TECHNICIAN_FIELDS(", \"required\": true") "}}";
constexpr const char* kReplaceSchema =
    "{" ID_PATH ", " ANSWERS_TECHNICIAN R"(, "if_match": true, "body": {)" TECHNICIAN_FIELDS(", \"required\": true") "}}";
constexpr const char* kPatchSchema =
    "{" ID_PATH ", " ANSWERS_TECHNICIAN R"(, "if_match": true, "body": {)" TECHNICIAN_FIELDS("") "}}";

const std::map<std::string, std::string> kOrderBy = {
    {"name", "p.name, p.id"}, {"-name", "p.name DESC, p.id DESC"}, {"id", "p.id"}, {"-id", "p.id DESC"}};

std::string listSql(const std::string& orderBy) {
    return R"SQL(
        WITH matched AS NOT MATERIALIZED (
            SELECT * FROM technicians t
            WHERE ($1::boolean IS NULL OR t.is_active = $1)
              AND ($2::text IS NULL OR $2 = ANY (t.skills))
              AND ($3::text IS NULL OR t.name ILIKE $3 ESCAPE '\' OR t.email ILIKE $3 ESCAPE '\' OR t.phone ILIKE $3 ESCAPE '\'))
        SELECT coalesce((SELECT json_agg(technician_json(p) ORDER BY )SQL" + orderBy + R"SQL()
                         FROM (SELECT * FROM matched p ORDER BY )SQL" + orderBy + R"SQL( LIMIT $4 OFFSET $5) p), '[]')::text,
               (SELECT count(*) FROM matched))SQL";
}

constexpr const char* kGetSql = "SELECT technician_json(t)::text, crm_etag(t.updated_at) FROM technicians t WHERE t.id = $1";

// Each write answers (json, etag, user_ok, user_taken_by), or (json, etag,
// user_ok, user_taken_by, found, fresh) for updates, so one statement both
// checks and writes. user_taken_by is the other technician the user is
// already: a user is one technician's at most (technicians_user_id_key).
constexpr const char* kInsertSql = R"SQL(
    WITH input AS (SELECT $1::jsonb AS b),
    checks AS (
        SELECT b, (coalesce(jsonb_typeof(b->'user_id'), 'null') = 'null'
                   OR EXISTS (SELECT 1 FROM users WHERE id = (b->>'user_id')::integer)) AS user_ok,
               user_technician_id((b->>'user_id')::integer) AS user_taken_by
        FROM input),
    inserted AS (
        INSERT INTO technicians AS t (user_id, name, email, phone, skills, is_active, color)
        SELECT (b->>'user_id')::integer, b->>'name', b->>'email', b->>'phone',
               ARRAY(SELECT jsonb_array_elements_text(coalesce(b->'skills', '[]'))),
               coalesce((b->>'is_active')::boolean, true), b->>'color'
        FROM checks WHERE user_ok AND user_taken_by IS NULL
        RETURNING technician_json(t)::text AS json, crm_etag(t.updated_at) AS etag)
    SELECT (SELECT json FROM inserted), (SELECT etag FROM inserted), user_ok, user_taken_by FROM checks)SQL";

// PUT when $3 (replace) is true: omitted fields take their POST defaults.
// PATCH otherwise: only the keys sent change.
constexpr const char* kUpdateSql = R"SQL(
    WITH input AS (SELECT $2::jsonb AS b, $3::boolean AS replace),
    target AS (SELECT id, crm_etag(updated_at) AS etag FROM technicians WHERE id = $1 FOR UPDATE),
    checks AS (
        SELECT EXISTS (SELECT 1 FROM target) AS found,
               coalesce((SELECT $4::text IS NULL OR etag = $4 FROM target), false) AS fresh,
               (NOT (b ? 'user_id') OR jsonb_typeof(b->'user_id') = 'null'
                OR EXISTS (SELECT 1 FROM users WHERE id = (b->>'user_id')::integer)) AS user_ok,
               nullif(user_technician_id((b->>'user_id')::integer), $1::integer) AS user_taken_by
        FROM input),
    updated AS (
        UPDATE technicians t SET
            name      = CASE WHEN replace OR b ? 'name'    THEN b->>'name'    ELSE t.name END,
            email     = CASE WHEN replace OR b ? 'email'   THEN b->>'email'   ELSE t.email END,
            phone     = CASE WHEN replace OR b ? 'phone'   THEN b->>'phone'   ELSE t.phone END,
            skills    = CASE WHEN replace OR b ? 'skills'
                             THEN ARRAY(SELECT jsonb_array_elements_text(coalesce(b->'skills', '[]'))) ELSE t.skills END,
            is_active = CASE WHEN replace OR b ? 'is_active'
                             THEN coalesce((b->>'is_active')::boolean, true) ELSE t.is_active END,
            color     = CASE WHEN replace OR b ? 'color'   THEN b->>'color'   ELSE t.color END,
            user_id   = CASE WHEN replace OR b ? 'user_id' THEN (b->>'user_id')::integer ELSE t.user_id END,
            updated_at = now()
        FROM input, checks
        WHERE t.id = $1 AND checks.fresh AND checks.user_ok AND checks.user_taken_by IS NULL
        RETURNING technician_json(t)::text AS json, crm_etag(t.updated_at) AS etag)
    SELECT (SELECT json FROM updated), (SELECT etag FROM updated), user_ok, user_taken_by, found, fresh
    FROM checks)SQL";


}  // namespace

class TechniciansPlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes& routes) override {
        routes.add("GET", "/technicians", kRead, kListSchema, &TechniciansPlugin::list, "List technicians");
        routes.add("POST", "/technicians", kWrite, kCreateSchema, &TechniciansPlugin::create, "Create a technician");
        routes.add("GET", "/technicians/{id}", kRead, kIdSchema, &TechniciansPlugin::get, "Get a technician");
        routes.add("PUT", "/technicians/{id}", kWrite, kReplaceSchema, &TechniciansPlugin::replace, "Replace a technician");
        routes.add("PATCH", "/technicians/{id}", kWrite, kPatchSchema, &TechniciansPlugin::patch, "Change some fields of a technician");
    }

private:
    void list(const crm::Request& request, crm::Response& response) {
        auto [page, pageSize] = request.page();
        const auto& orderBy = kOrderBy.at(request.sort("name"));
        crm::Db db(host());
        auto rows = db.query(listSql(orderBy), {request.query("is_active"), request.query("skill"),
                                                crm::containsPattern(request.query("search")), pageSize, (page - 1) * pageSize});
        response.page(request, rows.text(0, 0), rows.integer(0, 1));
    }

    void get(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto rows = db.query(kGetSql, {request.pathId("id")});
        if (rows.empty()) throw crm::NotFound("Technician not found");
        response.resource(rows.text(0, 0), rows.text(0, 1));
    }

    void create(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto rows = db.query(kInsertSql, {request.body()});
        if (rows.text(0, 2) != "t") throw unknownUser();
        if (rows.value(0, 3)) throw userTaken(rows.text(0, 3));
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
        if (rows.text(0, 4) != "t") throw crm::NotFound("Technician not found");
        if (rows.text(0, 5) != "t") throw crm::HttpError(412, "Technician was modified by someone else; reload it");
        if (rows.text(0, 2) != "t") throw unknownUser();
        if (rows.value(0, 3)) throw userTaken(rows.text(0, 3));
        response.resource(rows.text(0, 0), rows.text(0, 1));
    }

    static crm::Invalid unknownUser() { return crm::Invalid("body", "user_id", "User not found", "value_error"); }

    static crm::Conflict userTaken(const std::string& otherTechnician) {
        return crm::Conflict("That user is already technician " + otherTechnician + "'s user; set technician " +
                             otherTechnician + "'s user_id to null first, or pick another user");
    }
};

CRM_PLUGIN(TechniciansPlugin, "technicians", "1.0.0")
