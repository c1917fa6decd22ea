// Work orders (API.md section 5), and a customer's work orders. Every
// response embeds the customer and technician, joined in the same statement.
// PATCH is the schedule board's drag and drop: only the keys sent change,
// bad values are 422 naming the field, and it never answers 500.
#include <crm/plugin.hpp>

#include <map>
#include <string>
#include <vector>

namespace {

constexpr const char* kRead = "work_orders:read";
constexpr const char* kWrite = "work_orders:write";
constexpr const char* kUpdateAssigned = "work_orders:update_assigned";

#define ID_PATH "\"path\": {\"id\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 2147483647}}"
#define STATUSES "[\"pending\", \"scheduled\", \"in_progress\", \"completed\", \"cancelled\"]"
#define WORK_ORDER_FIELDS(CUSTOMER_REQUIRED)                                                                        \
    "\"customer_id\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 2147483647" CUSTOMER_REQUIRED "},"      \
    "\"assigned_technician_id\": {\"type\": \"integer\", \"nullable\": true, \"minimum\": 1, \"maximum\": 2147483647}," \
    "\"status\": {\"type\": \"enum\", \"values\": " STATUSES "},"                                                   \
    "\"priority\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 5},"                                        \
    "\"scheduled_date\": {\"type\": \"date\", \"nullable\": true},"                                                 \
    "\"scheduled_time\": {\"type\": \"time\", \"nullable\": true},"                                                 \
    "\"description\": {\"type\": \"string\", \"multiline\": true, \"nullable\": true, \"maxLength\": 10000},"                            \
    "\"notes\": {\"type\": \"string\", \"multiline\": true, \"nullable\": true, \"maxLength\": 10000},"                                  \
    "\"estimated_duration\": {\"type\": \"integer\", \"nullable\": true, \"minimum\": 1, \"maximum\": 1440}"

// What the routes answer, for the OpenAPI document (RouteSchema.h): the
// WorkOrder component, with the customers and technicians plugins' own
// components embedded as they are.
#define ANSWERS_WORK_ORDER R"("responses": {"200": {"$ref": "#/components/schemas/WorkOrder"}})"
#define WORK_ORDER_ITEMS R"("items": {"$ref": "#/components/schemas/WorkOrder"})"

constexpr const char* kGetSchema = "{" ID_PATH ", " ANSWERS_WORK_ORDER "}";
constexpr const char* kDeleteSchema = "{" ID_PATH R"(, "status": 204})";
constexpr const char* kCreateSchema =
    R"({"responses": {"201": {"$ref": "#/components/schemas/WorkOrder"}}, "body": {)" WORK_ORDER_FIELDS(", \"required\": true") "}}";
constexpr const char* kReplaceSchema =
    "{" ID_PATH ", " ANSWERS_WORK_ORDER R"(, "if_match": true, "body": {)" WORK_ORDER_FIELDS(", \"required\": true") "}}";
constexpr const char* kPatchSchema = "{" ID_PATH ", " ANSWERS_WORK_ORDER R"(, "if_match": true, "body": {)" WORK_ORDER_FIELDS("") "}}";

#define LIST_QUERY                                                                                   \
    "\"paginated\": true, \"keyset\": true, \"long_read\": [\"search\"], \"sort\": [\"scheduled_date\", \"created_at\", \"priority\", \"id\"]," \
    "\"query\": {\"status\": {\"type\": \"enum_list\", \"values\": " STATUSES "},"                  \
    "\"customer_id\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 2147483647},"            \
    "\"assigned_technician_id\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 2147483647}," \
    "\"unassigned\": {\"type\": \"boolean\"},"                                                      \
    "\"priority\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 5},"                        \
    "\"scheduled_date_from\": {\"type\": \"date\"},"                                                \
    "\"scheduled_date_to\": {\"type\": \"date\"},"                                                  \
    "\"search\": {\"type\": \"string\", \"maxLength\": 255}}"
constexpr const char* kListSchema = R"({
  "schemas": {"WorkOrder": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "customer_id", "assigned_technician_id", "status", "priority", "scheduled_date", "scheduled_time",
                 "description", "notes", "estimated_duration", "created_at", "updated_at", "completed_at",
                 "customer", "technician"],
    "properties": {
      "id": {"type": "integer"}, "customer_id": {"type": "integer"},
      "assigned_technician_id": {"type": ["integer", "null"]},
      "status": {"enum": ["pending", "scheduled", "in_progress", "completed", "cancelled"]},
      "priority": {"type": "integer", "minimum": 1, "maximum": 5},
      "scheduled_date": {"type": ["string", "null"], "format": "date"},
      "scheduled_time": {"type": ["string", "null"], "format": "time"},
      "description": {"type": ["string", "null"]}, "notes": {"type": ["string", "null"]},
      "estimated_duration": {"type": ["integer", "null"]},
      "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
      "completed_at": {"type": ["string", "null"], "format": "date-time"},
      "customer": {"$ref": "#/components/schemas/Customer"},
      "technician": {"anyOf": [{"$ref": "#/components/schemas/Technician"}, {"type": "null"}]}}}}, )" WORK_ORDER_ITEMS ", " LIST_QUERY "}";
constexpr const char* kCustomerListSchema = "{" ID_PATH ", " WORK_ORDER_ITEMS ", " LIST_QUERY "}";

// How the list orders by each validated sort value (ties broken by id; an
// unscheduled work order comes last either way), the text of a row's sort
// key a keyset cursor carries, and the condition for the rows after the
// cursor's key ($11). The key is read back only from a cursor this plugin
// signed (crm::Keyset), so its casts cannot fail on client text.
struct SortOrder {
    const char* orderBy;
    const char* key;
    const char* after;
};

#define CURSOR_PART(N) "split_part($11, ',', " #N ")"
#define SCHEDULE_KEY \
    "concat_ws(',', coalesce(to_char(p.scheduled_date, 'YYYY-MM-DD'), ''), coalesce(p.scheduled_time::text, ''), p.id)"
// The columns are nullable and sorted NULLS LAST in both directions, which
// a row comparison cannot say: spelled out, OP being > or <.
#define SCHEDULE_AFTER(OP)                                                                                       \
    "(CASE WHEN " CURSOR_PART(1) " = '' THEN p.scheduled_date IS NULL AND (" TIME_AFTER(OP) ")"                  \
    " ELSE p.scheduled_date " OP " " CURSOR_PART(1) "::date OR p.scheduled_date IS NULL"                          \
    " OR (p.scheduled_date = " CURSOR_PART(1) "::date AND (" TIME_AFTER(OP) ")) END)"
#define TIME_AFTER(OP)                                                                                           \
    "CASE WHEN " CURSOR_PART(2) " = '' THEN p.scheduled_time IS NULL AND p.id " OP " " CURSOR_PART(3) "::integer" \
    " ELSE p.scheduled_time " OP " " CURSOR_PART(2) "::time OR p.scheduled_time IS NULL"                          \
    " OR (p.scheduled_time = " CURSOR_PART(2) "::time AND p.id " OP " " CURSOR_PART(3) "::integer) END"
// created_at to the microsecond, as an integer: exact both ways.
#define CREATED_KEY "(extract(epoch FROM p.created_at) * 1000000)::bigint || ',' || p.id"
#define CREATED_AFTER(OP)                                                                  \
    "(p.created_at, p.id) " OP " (timestamptz 'epoch' + " CURSOR_PART(1) "::bigint * interval '1 microsecond', " \
    CURSOR_PART(2) "::integer)"

const std::map<std::string, SortOrder> kSortOrders = {
    {"scheduled_date", {"p.scheduled_date NULLS LAST, p.scheduled_time NULLS LAST, p.id", SCHEDULE_KEY, SCHEDULE_AFTER(">")}},
    {"-scheduled_date",
     {"p.scheduled_date DESC NULLS LAST, p.scheduled_time DESC NULLS LAST, p.id DESC", SCHEDULE_KEY, SCHEDULE_AFTER("<")}},
    {"created_at", {"p.created_at, p.id", CREATED_KEY, CREATED_AFTER(">")}},
    {"-created_at", {"p.created_at DESC, p.id DESC", CREATED_KEY, CREATED_AFTER("<")}},
    {"priority", {"p.priority, p.id", "p.priority || ',' || p.id",
                  "(p.priority, p.id) > (" CURSOR_PART(1) "::integer, " CURSOR_PART(2) "::integer)"}},
    {"-priority", {"p.priority DESC, p.id DESC", "p.priority || ',' || p.id",
                   "(p.priority, p.id) < (" CURSOR_PART(1) "::integer, " CURSOR_PART(2) "::integer)"}},
    {"id", {"p.id", "p.id::text", "p.id > " CURSOR_PART(1) "::integer"}},
    {"-id", {"p.id DESC", "p.id::text", "p.id < " CURSOR_PART(1) "::integer"}},
};

// (items, total, customer exists, the last row's sort key when more rows
// follow). Filters that are NULL match everything.
// NOT MATERIALIZED: the page and the count are each planned with the
// filters, so the page walks an index with its LIMIT instead of sorting
// every matching row. When only status, dates and `unassigned` filter, the
// total adds up work_order_counts (kept exact by triggers) instead of
// counting the matching rows.
// One more row than the page is read to know whether another page follows.
// A page after a cursor ($11) is its own statement, so neither is planned
// for the other's case.
std::string listSql(const SortOrder& order, bool afterCursor) {
    return std::string(R"SQL(
        WITH matched AS NOT MATERIALIZED (
            SELECT * FROM work_orders w
            WHERE ($1::text IS NULL OR w.status = ANY (string_to_array($1, ',')))
              AND ($2::integer IS NULL OR w.customer_id = $2)
              AND ($3::integer IS NULL OR w.assigned_technician_id = $3)
              AND ($4::boolean IS NOT TRUE OR w.assigned_technician_id IS NULL)
              AND ($5::integer IS NULL OR w.priority = $5)
              AND ($6::date IS NULL OR w.scheduled_date >= $6)
              AND ($7::date IS NULL OR w.scheduled_date <= $7)
              AND ($8::text IS NULL OR w.description ILIKE $8 ESCAPE '\')),
        page AS (
            SELECT ARRAY(SELECT p.id FROM matched p )SQL") +
           (afterCursor ? std::string("WHERE ") + order.after : std::string()) + " ORDER BY " + order.orderBy +
           R"SQL( LIMIT $9 + 1 OFFSET $10) AS ids)
        SELECT work_orders_text((SELECT ids[1:$9] FROM page)),
               CASE WHEN $2::integer IS NULL AND $3::integer IS NULL AND $5::integer IS NULL AND $8::text IS NULL
                    THEN (SELECT coalesce(sum(k.n), 0)::bigint FROM work_order_counts k
                          WHERE ($1::text IS NULL OR k.status = ANY (string_to_array($1, ',')))
                            AND ($4::boolean IS NOT TRUE OR k.unassigned)
                            AND ($6::date IS NULL OR k.scheduled_date >= $6)
                            AND ($7::date IS NULL OR k.scheduled_date <= $7))
                    ELSE (SELECT count(*) FROM matched) END,
               $2::integer IS NULL OR EXISTS (SELECT 1 FROM customers WHERE id = $2),
               (SELECT )SQL" + order.key + R"SQL( FROM work_orders p, page
                WHERE cardinality(page.ids) > $9 AND p.id = page.ids[$9]))SQL";
}

constexpr const char* kGetSql = R"SQL(
    SELECT work_order_text(w, c, t), crm_etag(w.updated_at)
    FROM work_orders w
    JOIN customers c ON c.id = w.customer_id
    LEFT JOIN technicians t ON t.id = w.assigned_technician_id
    WHERE w.id = $1)SQL";

// The JSON of the row a write CTE returned. It is built from the RETURNING
// row itself: a statement does not see its own writes in the table, so
// work_orders_text(), which reads the table, would miss or show them stale.
#define EMBED_WRITTEN_ROW(CTE)                                                  \
    "(SELECT work_order_text(r, c, t) FROM " CTE " r"                    \
    " JOIN customers c ON c.id = r.customer_id"                                \
    " LEFT JOIN technicians t ON t.id = r.assigned_technician_id)"

// (json, etag, customer_ok, technician_ok)
constexpr const char* kInsertSql = R"SQL(
    WITH input AS (SELECT $1::jsonb AS b),
    checks AS (
        SELECT b,
               EXISTS (SELECT 1 FROM customers WHERE id = (b->>'customer_id')::integer) AS customer_ok,
               (coalesce(jsonb_typeof(b->'assigned_technician_id'), 'null') = 'null'
                OR EXISTS (SELECT 1 FROM technicians
                           WHERE id = (b->>'assigned_technician_id')::integer AND is_active)) AS technician_ok
        FROM input),
    inserted AS (
        INSERT INTO work_orders (customer_id, assigned_technician_id, status, priority, scheduled_date,
                                 scheduled_time, description, notes, estimated_duration, completed_at)
        SELECT (b->>'customer_id')::integer, (b->>'assigned_technician_id')::integer,
               coalesce(b->>'status', 'pending'), coalesce((b->>'priority')::integer, 3),
               (b->>'scheduled_date')::date, (b->>'scheduled_time')::time, b->>'description', b->>'notes',
               (b->>'estimated_duration')::integer,
               CASE WHEN b->>'status' = 'completed' THEN now() END
        FROM checks WHERE customer_ok AND technician_ok
        RETURNING *)
    SELECT )SQL" EMBED_WRITTEN_ROW("inserted") R"SQL(, (SELECT crm_etag(updated_at) FROM inserted), customer_ok, technician_ok
    FROM checks)SQL";

// PUT when $3 is true (omitted fields take their POST defaults), PATCH
// otherwise (only the keys sent change). $4 is If-Match, $5 a technician-role
// caller's user id: only work orders of the technician whose user_id it is,
// looked up here rather than taken from the token, so a re-linked
// technician's former user has no say from the moment of the change. One
// statement checks and writes: (json, etag, customer_ok, technician_ok,
// found, fresh, allowed). completed_at follows status.
// If-Match and the caller's own assignment are conditions of the UPDATE
// itself, which PostgreSQL re-checks on the newest version of the row, so
// no row lock is taken beforehand. found/fresh/allowed describe the row as
// the statement found it and only explain a write that did not happen.
constexpr const char* kUpdateSql = R"SQL(
    WITH input AS (SELECT $2::jsonb AS b, $3::boolean AS replace),
    checks AS (
        SELECT (NOT (b ? 'customer_id')
                OR EXISTS (SELECT 1 FROM customers WHERE id = (b->>'customer_id')::integer)) AS customer_ok,
               (coalesce(jsonb_typeof(b->'assigned_technician_id'), 'null') = 'null'
                OR EXISTS (SELECT 1 FROM technicians
                           WHERE id = (b->>'assigned_technician_id')::integer AND is_active)) AS technician_ok
        FROM input),
    updated AS (
        UPDATE work_orders w SET
            customer_id = CASE WHEN b ? 'customer_id' THEN (b->>'customer_id')::integer ELSE w.customer_id END,
            assigned_technician_id = CASE WHEN replace OR b ? 'assigned_technician_id'
                                          THEN (b->>'assigned_technician_id')::integer ELSE w.assigned_technician_id END,
            status = CASE WHEN replace OR b ? 'status' THEN coalesce(b->>'status', 'pending') ELSE w.status END,
            priority = CASE WHEN replace OR b ? 'priority' THEN coalesce((b->>'priority')::integer, 3) ELSE w.priority END,
            scheduled_date = CASE WHEN replace OR b ? 'scheduled_date' THEN (b->>'scheduled_date')::date ELSE w.scheduled_date END,
            scheduled_time = CASE WHEN replace OR b ? 'scheduled_time' THEN (b->>'scheduled_time')::time ELSE w.scheduled_time END,
            description = CASE WHEN replace OR b ? 'description' THEN b->>'description' ELSE w.description END,
            notes = CASE WHEN replace OR b ? 'notes' THEN b->>'notes' ELSE w.notes END,
            estimated_duration = CASE WHEN replace OR b ? 'estimated_duration'
                                      THEN (b->>'estimated_duration')::integer ELSE w.estimated_duration END,
            completed_at = CASE
                WHEN NOT (replace OR b ? 'status') THEN w.completed_at
                WHEN coalesce(b->>'status', 'pending') <> 'completed' THEN NULL
                WHEN w.status = 'completed' THEN w.completed_at
                ELSE now() END,
            updated_at = now()
        FROM input, checks
        WHERE w.id = $1 AND ($4::text IS NULL OR crm_etag(w.updated_at) = $4)
          AND ($5::integer IS NULL OR w.assigned_technician_id = user_technician_id($5))
          AND checks.customer_ok AND checks.technician_ok
        RETURNING w.*),
    found AS (SELECT assigned_technician_id, crm_etag(updated_at) AS etag FROM work_orders WHERE id = $1)
    SELECT )SQL" EMBED_WRITTEN_ROW("updated") R"SQL(, (SELECT crm_etag(updated_at) FROM updated),
           customer_ok, technician_ok, EXISTS (SELECT 1 FROM found),
           coalesce((SELECT $4::text IS NULL OR etag = $4 FROM found), false),
           coalesce((SELECT $5::integer IS NULL OR assigned_technician_id = user_technician_id($5) FROM found), false)
    FROM checks)SQL";

const crm::HttpError kModified(412, "Work order was modified by someone else; reload it");

constexpr const char* kDeleteSql = "DELETE FROM work_orders WHERE id = $1 RETURNING id";


// A technician may change only status and notes of its own work orders.
bool onlyStatusAndNotes(const crm::Request& request) {
    for (const char* key : {"customer_id", "assigned_technician_id", "priority", "scheduled_date", "scheduled_time",
                            "description", "estimated_duration"})
        if (request.bodyHas(key)) return false;
    return true;
}

}  // namespace

class WorkOrdersPlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes& routes) override {
        routes.add("GET", "/work-orders", kRead, kListSchema, &WorkOrdersPlugin::list, "List work orders");
        routes.add("POST", "/work-orders", kWrite, kCreateSchema, &WorkOrdersPlugin::create, "Create a work order");
        routes.add("GET", "/work-orders/{id}", kRead, kGetSchema, &WorkOrdersPlugin::get, "Get a work order");
        routes.add("PUT", "/work-orders/{id}", kWrite, kReplaceSchema, &WorkOrdersPlugin::replace, "Replace a work order");
        routes.add("PATCH", "/work-orders/{id}", kUpdateAssigned, kPatchSchema, &WorkOrdersPlugin::patch,
                   "Change some fields of a work order (the schedule board's drag and drop)");
        routes.add("DELETE", "/work-orders/{id}", kWrite, kDeleteSchema, &WorkOrdersPlugin::remove, "Delete a work order");
        routes.add("GET", "/customers/{id}/work-orders", kRead, kCustomerListSchema, &WorkOrdersPlugin::ofCustomer,
                   "List a customer's work orders");
    }

private:
    void list(const crm::Request& request, crm::Response& response) { answerList(request, response, std::nullopt); }

    void ofCustomer(const crm::Request& request, crm::Response& response) {
        answerList(request, response, request.pathId("id"));
    }

    void answerList(const crm::Request& request, crm::Response& response, std::optional<int64_t> customerId) {
        auto [page, pageSize] = request.page();
        std::string sort = request.sort("-created_at");
        crm::Keyset keyset(host(), request, sort);
        auto after = keyset.after();
        crm::Db db(host());
        std::optional<std::string> customer;
        if (customerId) customer = std::to_string(*customerId);
        else if (auto q = request.query("customer_id")) customer = std::string(*q);
        std::vector<crm::Param> params = {request.query("status"), customer, request.query("assigned_technician_id"),
                                          request.query("unassigned"), request.query("priority"),
                                          request.query("scheduled_date_from"), request.query("scheduled_date_to"),
                                          crm::containsPattern(request.query("search")), pageSize,
                                          after ? 0 : (page - 1) * pageSize};
        if (after) params.emplace_back(*after);  // $11, only in the statement that continues from a cursor
        auto rows = db.query(listSql(kSortOrders.at(sort), after.has_value()), params);
        if (customerId && rows.text(0, 2) != "t") throw crm::NotFound("Customer not found");
        std::optional<std::string> next;
        if (auto key = rows.value(0, 3)) next = keyset.cursor(*key);
        response.page(request, rows.text(0, 0), rows.integer(0, 1), next);
    }

    void get(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto rows = db.query(kGetSql, {request.pathId("id")});
        if (rows.empty()) throw crm::NotFound("Work order not found");
        response.resource(rows.text(0, 0), rows.text(0, 1));
    }

    void create(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto rows = db.query(kInsertSql, {request.body()});
        refuseUnknownReferences(rows.text(0, 2) == "t", rows.text(0, 3) == "t");
        response.resource(rows.text(0, 0), rows.text(0, 1), 201);
    }

    void replace(const crm::Request& request, crm::Response& response) { update(request, response, true, std::nullopt); }

    void patch(const crm::Request& request, crm::Response& response) {
        if (request.bodyHas("customer_id"))
            throw crm::Invalid("body", "customer_id", "customer_id cannot be changed with PATCH; use PUT", "value_error");
        std::optional<int64_t> onlyOwn;  // a technician-role caller's user id
        if (request.principal().role == "technician") {
            if (!onlyStatusAndNotes(request)) throw crm::Forbidden();
            onlyOwn = request.principal().userId;
        }
        if (request.bodyIsEmpty()) return get(request, response);  // nothing changes, updated_at included
        update(request, response, false, onlyOwn);
    }

    void update(const crm::Request& request, crm::Response& response, bool replace, std::optional<int64_t> onlyOwn) {
        crm::Db db(host());
        auto ifMatch = request.ifMatch();
        auto rows = db.query(kUpdateSql, {request.pathId("id"), request.body(), replace ? "true" : "false", ifMatch,
                                          onlyOwn});
        if (rows.value(0, 0)) return response.resource(rows.text(0, 0), rows.text(0, 1));
        if (rows.text(0, 4) != "t") throw crm::NotFound("Work order not found");
        if (rows.text(0, 6) != "t") throw crm::Forbidden();
        if (rows.text(0, 5) != "t") throw kModified;
        refuseUnknownReferences(rows.text(0, 2) == "t", rows.text(0, 3) == "t");
        // Every check passed on the row as found, so it changed (or went)
        // before the write: say what the newest version failed.
        if (ifMatch) throw kModified;
        if (onlyOwn) throw crm::Forbidden();
        throw crm::NotFound("Work order not found");
    }

    void remove(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        if (db.query(kDeleteSql, {request.pathId("id")}).empty()) throw crm::NotFound("Work order not found");
        response.noContent();
    }

    static void refuseUnknownReferences(bool customerOk, bool technicianOk) {
        if (customerOk && technicianOk) return;
        crm::Invalid invalid("body", customerOk ? "assigned_technician_id" : "customer_id",
                             customerOk ? "Technician not found or inactive" : "Customer not found", "value_error");
        if (!customerOk && !technicianOk)
            invalid.add("body", "assigned_technician_id", "Technician not found or inactive", "value_error");
        throw invalid;
    }
};

CRM_PLUGIN(WorkOrdersPlugin, "work-orders", "1.0.0")
