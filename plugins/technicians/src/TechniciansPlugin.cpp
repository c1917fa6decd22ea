// Technicians (API.md section 4): list, get, create, replace, patch.
// A technician's schedule (/technicians/{id}/schedule) reads work orders,
// so the schedule plugin serves it.
#include <crm/plugin.hpp>

#include <string>

namespace {

using namespace crm::schema;

constexpr const char* kRead = "technicians:read";
constexpr const char* kWrite = "technicians:write";

// What a client sends; name is required by POST and PUT, not by PATCH.
const Fields kFields = {
    {"name", string().minLength(1).maxLength(255).required()}, {"email", email().nullable().maxLength(255)},
    {"phone", string().nullable().maxLength(50)}, {"skills", stringArray().minLength(1).maxLength(100).maxItems(50)},
    {"is_active", boolean()}, {"color", color().nullable()}, {"user_id", id().nullable()},
};

// What technician_json answers, for the OpenAPI document: the Technician
// component, which the work-orders plugin embeds too.
const json::Schema kTechnician = json::record({
    {"id", json::integer()}, {"user_id", json::integer().orNull()}, {"name", json::string()},
    {"email", json::string().orNull()}, {"phone", json::string().orNull()}, {"skills", json::arrayOf(json::string())},
    {"is_active", json::boolean()}, {"color", json::string().orNull()}, {"created_at", json::dateTime()},
    {"updated_at", json::dateTime()},
});
const json::Schema kAnswer = json::ref("Technician");

const crm::SortKeys kSorts("p.id", {{"name", "p.name"}, {"id", "p.id"}});

crm::Statement listSql(const std::string& orderBy) {
    return crm::Statement(R"SQL(
        WITH matched AS NOT MATERIALIZED (
            SELECT * FROM technicians t
            WHERE ($1::boolean IS NULL OR t.is_active = $1)
              AND ($2::text IS NULL OR $2 = ANY (t.skills))
              AND ($3::text IS NULL OR t.name ILIKE $3 ESCAPE '\' OR t.email ILIKE $3 ESCAPE '\' OR t.phone ILIKE $3 ESCAPE '\'))
        SELECT coalesce((SELECT json_agg(technician_json(p) ORDER BY )SQL" + orderBy + R"SQL()
                         FROM (SELECT * FROM matched p ORDER BY )SQL" + orderBy + R"SQL( LIMIT $4 OFFSET $5) p), '[]')::text,
               (SELECT count(*) FROM matched))SQL",
                          {"items", "total"});
}

const crm::Statement kGet{"SELECT technician_json(t)::text, crm_etag(t.updated_at) FROM technicians t WHERE t.id = $1",
                         {"json", "etag"}};

// Each write answers (json, etag, user_ok, user_taken_by), or (json, etag,
// user_ok, user_taken_by, found, fresh) for updates, so one statement both
// checks and writes. user_taken_by is the other technician the user is
// already: a user is one technician's at most (technicians_user_id_key).
const crm::Statement kInsert{R"SQL(
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
    SELECT (SELECT json FROM inserted), (SELECT etag FROM inserted), user_ok, user_taken_by FROM checks)SQL",
                             {"json", "etag", "user_ok", "user_taken_by"}};

// PUT when $3 (replace) is true: omitted fields take their POST defaults.
// PATCH otherwise: only the keys sent change.
const crm::Statement kUpdate{R"SQL(
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
    FROM checks)SQL", {"json", "etag", "user_ok", "user_taken_by", "found", "fresh"}};

}  // namespace

class TechniciansPlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes& routes) override {
        const Route byId = Route().pathId().answers(200, kAnswer);
        routes.add("GET", "/technicians", kRead,
                   Route().component("Technician", kTechnician).items(kAnswer).paginated().longReadWhen({"search"})
                       .sort(kSorts).query({{"is_active", boolean()}, {"skill", string().minLength(1).maxLength(100)},
                                            {"search", string().maxLength(255)}}),
                   &TechniciansPlugin::list, "List technicians");
        routes.add("POST", "/technicians", kWrite, Route().answers(201, kAnswer).body(kFields), &TechniciansPlugin::create,
                   "Create a technician");
        routes.add("GET", "/technicians/{id}", kRead, byId, &TechniciansPlugin::get, "Get a technician");
        routes.add("PUT", "/technicians/{id}", kWrite, Route(byId).ifMatch().body(kFields), &TechniciansPlugin::replace,
                   "Replace a technician");
        routes.add("PATCH", "/technicians/{id}", kWrite, Route(byId).ifMatch().body(kFields.partial()),
                   &TechniciansPlugin::patch, "Change some fields of a technician");
    }

private:
    void list(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        response.page(request, db.page(request, listSql(kSorts.orderBy(request.sort("name"))),
                                       {request.query("is_active"), request.query("skill"),
                                        crm::containsPattern(request.query("search"))}));
    }

    void get(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        response.resource(db.one(kGet, {request.pathId("id")}, "Technician not found"));
    }

    void create(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto row = db.one(kInsert, {request.body()});
        refuseUser(row);
        response.resource(row, 201);
    }

    void replace(const crm::Request& request, crm::Response& response) { update(request, response, true); }

    void patch(const crm::Request& request, crm::Response& response) {
        if (request.bodyIsEmpty()) return get(request, response);  // nothing changes, updated_at included
        update(request, response, false);
    }

    void update(const crm::Request& request, crm::Response& response, bool replace) {
        crm::Db db(host());
        auto row = db.one(kUpdate, {request.pathId("id"), request.body(), replace, request.ifMatch()});
        if (!row.boolean("found")) throw crm::NotFound("Technician not found");
        if (!row.boolean("fresh")) throw crm::HttpError(412, "Technician was modified by someone else; reload it");
        refuseUser(row);
        response.resource(row);
    }

    // A user_id that names no user, or a user who is another technician's.
    static void refuseUser(const crm::Row& row) {
        if (!row.boolean("user_ok")) throw crm::Invalid("body", "user_id", "User not found", "value_error");
        if (auto other = row.value("user_taken_by"))
            throw crm::Conflict("That user is already technician " + std::string(*other) + "'s user; set technician " +
                                std::string(*other) + "'s user_id to null first, or pick another user");
    }
};

CRM_PLUGIN(TechniciansPlugin, "technicians", "1.0.0")
