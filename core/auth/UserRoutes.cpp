#include "auth/UserRoutes.h"

#include "api/CoreRoutes.h"
#include "api/HttpError.h"
#include "api/JsonBody.h"
#include "api/PageEnvelope.h"
#include "auth/PasswordHasher.h"
#include "auth/UserStore.h"
#include "auth/UserTechnicianLink.h"
#include "db/Database.h"
#include "db/DbError.h"

#include <map>
#include <sstream>

namespace crm {
namespace {

// What each route answers, for the OpenAPI document (RouteSchema.h): a
// user_json object, the User component (also in the Tokens of /auth).
// 409: a taken email, or the last active admin disabled or demoted.
#define USER_ID_PATH R"("path": {"id": {"type": "integer", "minimum": 1, "maximum": 2147483647}})"
#define ANSWERS_USER R"("responses": {"200": {"$ref": "#/components/schemas/User"}})"
const char* const kIdSchema = "{" USER_ID_PATH ", " ANSWERS_USER "}";
const char* const kListSchema = R"({"paginated": true, "sort": ["email", "created_at"],
  "items": {"$ref": "#/components/schemas/User"},
  "schemas": {"User": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "email", "full_name", "role", "is_active", "technician_id", "created_at"],
    "properties": {
      "id": {"type": "integer"}, "email": {"type": "string"}, "full_name": {"type": ["string", "null"]},
      "role": {"enum": ["admin", "dispatcher", "technician", "viewer"]}, "is_active": {"type": "boolean"},
      "technician_id": {"type": ["integer", "null"]}, "created_at": {"type": "string", "format": "date-time"}}}}})";
const char* const kCreateSchema = R"({
  "responses": {"201": {"$ref": "#/components/schemas/User"}, "409": {"$ref": "#/components/schemas/Error"}},
  "body": {
    "email": {"type": "email", "required": true, "maxLength": 255},
    "password": {"type": "string", "required": true, "minLength": 12, "maxLength": 1024, "trim": false, "multiline": true},
    "full_name": {"type": "string", "nullable": true, "maxLength": 255},
    "role": {"type": "enum", "required": true, "values": ["admin", "dispatcher", "technician", "viewer"]},
    "technician_id": {"type": "integer", "nullable": true, "minimum": 1, "maximum": 2147483647}}})";
const char* const kPatchSchema = "{" USER_ID_PATH R"(,
  "responses": {"200": {"$ref": "#/components/schemas/User"}, "409": {"$ref": "#/components/schemas/Error"}},
  "body": {
    "full_name": {"type": "string", "nullable": true, "maxLength": 255},
    "role": {"type": "enum", "values": ["admin", "dispatcher", "technician", "viewer"]},
    "is_active": {"type": "boolean"},
    "password": {"type": "string", "minLength": 12, "maxLength": 1024, "trim": false, "multiline": true},
    "technician_id": {"type": "integer", "nullable": true, "minimum": 1, "maximum": 2147483647}}})";

// The technician a body names; absent or null, none.
std::optional<int64_t> optionalTechnician(const Poco::JSON::Object::Ptr& body) {
    if (!body->has("technician_id") || body->isNull("technician_id")) return std::nullopt;
    return body->getValue<Poco::Int64>("technician_id");
}

// ORDER BY clauses chosen by the validated sort value; never built from input.
const std::map<std::string, std::string> kOrder = {
    {"email", "lower(email), id"},           {"-email", "lower(email) DESC, id DESC"},
    {"created_at", "created_at, id"},        {"-created_at", "created_at DESC, id DESC"},
};

}  // namespace

void UserRoutes::registerIn(Router& router, const std::string& prefix) {
    CoreRoutes<UserRoutes> routes(router, prefix, *this);
    routes.add("GET", "/users", "users:read", kListSchema, &UserRoutes::list, "List users");
    routes.add("POST", "/users", "users:write", kCreateSchema, &UserRoutes::create, "Create a user");
    routes.add("GET", "/users/{id}", "users:read", kIdSchema, &UserRoutes::get, "Get a user");
    routes.add("PATCH", "/users/{id}", "users:write", kPatchSchema, &UserRoutes::patch, "Change a user");
}

void UserRoutes::list(const Request& request, Response& response) {
    const std::string* sort = request.queryParam("sort");
    const std::string& order = kOrder.at(sort ? *sort : "email");
    auto session = database_.acquire();
    auto rows = session.query(
        "SELECT coalesce((SELECT json_agg(user_json(u) ORDER BY " + order + ") FROM "
        "(SELECT * FROM users ORDER BY " + order + " LIMIT $1 OFFSET $2) u), '[]')::text, (SELECT count(*) FROM users)",
        {std::to_string(request.pageSize), std::to_string(pageOffset(request))});
    response.json(pageEnvelope(request, rows.text(0, 0), rows.integer(0, 1)));
}

void UserRoutes::create(const Request& request, Response& response) {
    auto body = bodyObject(request);
    try {
        response.json(users_.create(body->getValue<std::string>("email"), body->getValue<std::string>("password"),
                                    optionalString(body, "full_name"), body->getValue<std::string>("role"),
                                    optionalTechnician(body)),
                      201);
    } catch (const DbError& e) {
        if (e.sqlstate() != "23505" || e.constraintName() != "users_email_lower_key") throw;
        throw Conflict("A user with email " + body->getValue<std::string>("email") +
                       " already exists; use another email or edit that user");
    }
}

void UserRoutes::get(const Request& request, Response& response) {
    auto session = database_.acquire();
    auto rows = session.query("SELECT user_json(u)::text FROM users u WHERE id = $1", {*request.pathParam("id")});
    if (rows.empty()) throw NotFound("User not found");
    response.json(std::string(rows.text(0, 0)));
}

// Each column changes only when its key was sent: one statement, no SQL
// assembled from input, and concurrent patches of different keys do not
// overwrite each other. A change of role, is_active or password ends the
// user's tokens, and the last active admin stays one (both by trigger:
// sql/0006_tokens_valid_after.sql). technician_id is the technician's
// user_id, written after it (linkUserTechnician).
constexpr const char* kPatchSql = R"SQL(
        UPDATE users u SET
            full_name     = CASE WHEN $2::jsonb ? 'full_name' THEN $2::jsonb->>'full_name' ELSE u.full_name END,
            role          = CASE WHEN $2::jsonb ? 'role' THEN $2::jsonb->>'role' ELSE u.role END,
            is_active     = CASE WHEN $2::jsonb ? 'is_active' THEN ($2::jsonb->>'is_active')::boolean ELSE u.is_active END,
            hashed_password = coalesce($3, u.hashed_password),
            updated_at    = CASE WHEN $2::jsonb = '{}'::jsonb AND $3::text IS NULL THEN u.updated_at ELSE now() END
        WHERE u.id = $1
        RETURNING user_json(u)::text)SQL";

void UserRoutes::patch(const Request& request, Response& response) {
    auto body = bodyObject(request);
    std::optional<std::string> hashed;
    if (auto password = optionalString(body, "password")) hashed = hasher_.hash(*password);
    // The plain password never travels to the database, not even as a parameter.
    body->remove("password");
    std::ostringstream changes;
    body->stringify(changes);
    bool linksTechnician = body->has("technician_id");
    auto session = database_.acquire();
    if (linksTechnician) session.begin();
    auto rows = [&] {
        try {
            return session.query(kPatchSql, {*request.pathParam("id"), changes.str(), hashed});
        } catch (const DbError& e) {
            if (e.constraintName() != "last_active_admin") throw;
            throw Conflict("This is the last active admin: it cannot be disabled or demoted; make another user "
                           "an active admin first");
        }
    }();
    if (rows.empty()) throw NotFound("User not found");
    std::string user(rows.text(0, 0));
    if (linksTechnician) {
        user = linkUserTechnician(session, std::stoll(*request.pathParam("id")), optionalTechnician(body));
        session.commit();
    }
    response.json(user);
}

}  // namespace crm
