// Work orders (API.md section 5), and a customer's work orders. Every
// response embeds the customer and technician, joined in the same statement.
// PATCH is the schedule board's drag and drop: only the keys sent change,
// bad values are 422 naming the field, and it never answers 500.
#include <crm/plugin.hpp>

#include "WorkOrderWrites.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace crm::schema;

constexpr const char* kRead = "work_orders:read";
constexpr const char* kWrite = "work_orders:write";
constexpr const char* kUpdateAssigned = "work_orders:update_assigned";

const std::vector<std::string> kStatuses = {"pending", "scheduled", "in_progress", "completed", "cancelled"};
// What a client sends; customer_id is required by POST and PUT, not by PATCH.
const Fields kFields = {
    {"customer_id", id().required()},
    {"assigned_technician_id", id().nullable()},
    {"status", enumOf(kStatuses)},
    {"priority", integer().minimum(1).maximum(5)},
    {"scheduled_date", date().nullable()},
    {"scheduled_time", time().nullable()},
    {"description", string().multiline().nullable().maxLength(10000)},
    {"notes", string().multiline().nullable().maxLength(10000)},
    {"estimated_duration", integer().nullable().minimum(1).maximum(1440)},
};
const Fields kListQuery = {
    {"status", enumList(kStatuses)},          {"customer_id", id()},
    {"assigned_technician_id", id()},         {"unassigned", boolean()},
    {"priority", integer().minimum(1).maximum(5)}, {"scheduled_date_from", date()},
    {"scheduled_date_to", date()},            {"search", string().maxLength(255)},
};

// What work_order_text answers, for the OpenAPI document: the WorkOrder
// component, with the customers and technicians plugins' own components
// embedded as they are.
const json::Schema kWorkOrder = json::record({
    {"id", json::integer()}, {"customer_id", json::integer()}, {"assigned_technician_id", json::integer().orNull()},
    {"status", json::enumOf(kStatuses)}, {"priority", json::integer().minimum(1).maximum(5)},
    {"scheduled_date", json::date().orNull()}, {"scheduled_time", json::time().orNull()},
    {"description", json::string().orNull()}, {"notes", json::string().orNull()},
    {"estimated_duration", json::integer().orNull()}, {"created_at", json::dateTime()}, {"updated_at", json::dateTime()},
    {"completed_at", json::dateTime().orNull()}, {"customer", json::ref("Customer")},
    {"technician", json::ref("Technician").orNull()},
});
const json::Schema kAnswer = json::ref("WorkOrder");

// How the list orders by each sort (ties broken by id; an unscheduled work
// order comes last either way).
const crm::SortKeys kSorts("p.id", {{"scheduled_date", {"p.scheduled_date NULLS LAST", "p.scheduled_time NULLS LAST"}},
                                    {"created_at", "p.created_at"},
                                    {"priority", "p.priority"},
                                    {"id", "p.id"}});

// For each sort, the text of a row's sort key a keyset cursor carries, and
// the condition for the rows after the cursor's key ($11) in each direction.
// The key is read back only from a cursor this plugin signed (crm::Keyset),
// so its casts cannot fail on client text.
struct Cursor {
    const char* key;
    const char* afterAscending;
    const char* afterDescending;
};

// What the list statement is made of for the request's sort.
struct SortOrder {
    std::string orderBy;
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

const std::map<std::string, Cursor> kCursors = {
    {"scheduled_date", {SCHEDULE_KEY, SCHEDULE_AFTER(">"), SCHEDULE_AFTER("<")}},
    {"created_at", {CREATED_KEY, CREATED_AFTER(">"), CREATED_AFTER("<")}},
    {"priority", {"p.priority || ',' || p.id", "(p.priority, p.id) > (" CURSOR_PART(1) "::integer, " CURSOR_PART(2) "::integer)",
                  "(p.priority, p.id) < (" CURSOR_PART(1) "::integer, " CURSOR_PART(2) "::integer)"}},
    {"id", {"p.id::text", "p.id > " CURSOR_PART(1) "::integer", "p.id < " CURSOR_PART(1) "::integer"}},
};

SortOrder sortOrder(std::string_view sort) {
    const Cursor& cursor = kCursors.at(std::string(crm::SortKeys::name(sort)));
    return {kSorts.orderBy(sort), cursor.key,
            crm::SortKeys::descending(sort) ? cursor.afterDescending : cursor.afterAscending};
}

// The list's filters: a statement has a condition for each one the
// request has, and none for the others. A filter written as ($n IS NULL OR
// ...) cannot use an index in a plan made for any value, and makes such a
// plan read every row it counts, so PostgreSQL planned the one statement
// for all filters again on every execution (a customer's work orders: 0.19
// ms of planning to 0.26 of running). A list without a customer or
// technician is planned per execution anyway: a plan for any LIMIT and
// OFFSET assumes a tenth of the rows is wanted. Up to 256 statements per
// sort; the host prepares 2,000 texts at most and runs any more unprepared.
// Bit i is the filter of $(i + 1).
constexpr unsigned kStatus = 1, kCustomer = 2, kTechnician = 4, kUnassigned = 8, kPriority = 16, kFrom = 32, kTo = 64,
                   kSearch = 128;

// (items, total, customer exists, the last row's sort key when more rows
// follow). $1..$8 are the filters (NULL: absent), typed up front for the
// statements that do not use them all.
// NOT MATERIALIZED: the page and the count are each planned with the
// filters, so the page walks an index with its LIMIT instead of sorting
// every matching row. When only status, dates and `unassigned` filter, the
// total adds up work_order_counts (kept exact by triggers) instead of
// counting the matching rows.
// One more row than the page is read to know whether another page follows.
// A page after a cursor ($11) is its own statement, so neither is planned
// for the other's case.
// A customer's or technician's page from the first matching row on (page
// 1, or after a cursor) takes each work order's row as the walk passes it,
// like the schedule: their rows lie scattered over the table, and looking
// each up again by id was what made a customer's work orders cost more in a
// table ten times larger (pgbench, 1x / 10x: 11,400-11,900 / 9,400-9,600
// statements/s before, 13,600 / 12,500-12,700 with this). Other
// pages pick their ids first and look up the page's rows: a page further on
// would otherwise read every skipped row from the table, and the whole
// list's newest rows lie together, where taking whole rows measured slower
// (3,000 against 3,200 statements/s for page 1).
crm::Statement listSql(const SortOrder& order, bool afterCursor, bool fromFirstRow, unsigned filters) {
    std::string matched = "true", counted = "true";
    if (filters & kStatus) {
        matched += " AND w.status = ANY (string_to_array($1, ','))";
        counted += " AND k.status = ANY (string_to_array($1, ','))";
    }
    if (filters & kCustomer) matched += " AND w.customer_id = $2";
    if (filters & kTechnician) matched += " AND w.assigned_technician_id = $3";
    if (filters & kUnassigned) {
        matched += " AND ($4::boolean IS NOT TRUE OR w.assigned_technician_id IS NULL)";
        counted += " AND ($4::boolean IS NOT TRUE OR k.unassigned)";
    }
    if (filters & kPriority) matched += " AND w.priority = $5";
    if (filters & kSearch) matched += R"SQL( AND w.description ILIKE $8 ESCAPE '\')SQL";
    if (filters & kFrom) matched += " AND w.scheduled_date >= $6", counted += " AND k.scheduled_date >= $6";
    if (filters & kTo) matched += " AND w.scheduled_date <= $7", counted += " AND k.scheduled_date <= $7";
    std::string total = (filters & (kCustomer | kTechnician | kPriority | kSearch))
                            ? "(SELECT count(*) FROM matched)"
                            : "(SELECT coalesce(sum(k.n), 0)::bigint FROM work_order_counts k WHERE " + counted + ")";
    std::string customerExists = (filters & kCustomer) ? "EXISTS (SELECT 1 FROM customers WHERE id = $2)" : "true";
    std::string walk = std::string("FROM matched p ") + (afterCursor ? std::string("WHERE ") + order.after : "") +
                       " ORDER BY " + order.orderBy + " LIMIT $9 + 1";
    std::string sql = R"SQL(
        WITH filters AS (SELECT $1::text, $2::integer, $3::integer, $4::boolean, $5::integer, $6::date, $7::date, $8::text,
                                $10::integer),
        matched AS NOT MATERIALIZED (SELECT w AS whole, w.* FROM work_orders w WHERE )SQL" + matched + "),";
    if (fromFirstRow && (filters & (kCustomer | kTechnician))) {
        // $10, the offset, is 0 here.
        sql += R"SQL(
        page AS (SELECT p.whole, row_number() OVER (ORDER BY )SQL" + order.orderBy + ") AS position, " + order.key +
               R"SQL( AS key )SQL" + walk + R"SQL()
        SELECT (SELECT '[' || coalesce(string_agg(work_order_text(page.whole, c, t), ', ' ORDER BY page.position), '') || ']'
                FROM page
                JOIN customers c ON c.id = (page.whole).customer_id
                LEFT JOIN technicians t ON t.id = (page.whole).assigned_technician_id
                WHERE page.position <= $9), )SQL" + total + ", " + customerExists + R"SQL(,
               (SELECT key FROM page WHERE position = $9 AND (SELECT count(*) FROM page) > $9))SQL";
    } else {
        sql += R"SQL(
        page AS (SELECT ARRAY(SELECT p.id )SQL" + walk + R"SQL( OFFSET $10) AS ids)
        SELECT work_orders_text((SELECT ids[1:$9] FROM page)), )SQL" + total + ", " + customerExists + R"SQL(,
               (SELECT )SQL" + order.key + R"SQL( FROM work_orders p, page
                WHERE cardinality(page.ids) > $9 AND p.id = page.ids[$9]))SQL";
    }
    return crm::Statement(sql, {"items", "total", "customer_exists", "next_key"});
}

const crm::Statement kGet{R"SQL(
    SELECT work_order_text(w, c, t), crm_etag(w.updated_at)
    FROM work_orders w
    JOIN customers c ON c.id = w.customer_id
    LEFT JOIN technicians t ON t.id = w.assigned_technician_id
    WHERE w.id = $1)SQL", {"json", "etag"}};

// (json, etag, customer_ok, technician_ok)
const crm::Statement kInsert{R"SQL(
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
    FROM checks)SQL", {"json", "etag", "customer_ok", "technician_ok"}};

const crm::HttpError kModified(412, "Work order was modified by someone else; reload it");

const crm::Statement kDelete{"DELETE FROM work_orders WHERE id = $1 RETURNING id", {"id"}};


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
        const Route byId = Route().pathId().answers(200, kAnswer);
        const Route page = Route().items(kAnswer).keyset().longReadWhen({"search"}).sort(kSorts).query(kListQuery);
        routes.add("GET", "/work-orders", kRead, Route(page).component("WorkOrder", kWorkOrder), &WorkOrdersPlugin::list,
                   "List work orders");
        routes.add("POST", "/work-orders", kWrite, Route().answers(201, kAnswer).body(kFields), &WorkOrdersPlugin::create,
                   "Create a work order");
        routes.add("GET", "/work-orders/{id}", kRead, byId, &WorkOrdersPlugin::get, "Get a work order");
        routes.add("PUT", "/work-orders/{id}", kWrite, Route(byId).ifMatch().body(kFields), &WorkOrdersPlugin::replace,
                   "Replace a work order");
        routes.add("PATCH", "/work-orders/{id}", kUpdateAssigned, Route(byId).ifMatch().body(kFields.partial()),
                   &WorkOrdersPlugin::patch, "Change some fields of a work order (the schedule board's drag and drop)");
        routes.add("DELETE", "/work-orders/{id}", kWrite, Route().pathId().status(204), &WorkOrdersPlugin::remove,
                   "Delete a work order");
        routes.add("GET", "/customers/{id}/work-orders", kRead, Route(page).pathId(), &WorkOrdersPlugin::ofCustomer,
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
        unsigned filters = 0;
        for (unsigned i = 0; i < 8; ++i)
            if (params[i].str().data) filters |= 1u << i;  // kStatus .. kSearch: $1 .. $8 when not NULL
        bool fromFirstRow = after || page == 1;
        if (after) params.emplace_back(*after);  // $11, only in the statement that continues from a cursor
        auto row = db.one(listSql(sortOrder(sort), after.has_value(), fromFirstRow, filters), params);
        if (customerId && !row.boolean("customer_exists")) throw crm::NotFound("Customer not found");
        std::optional<std::string> next;
        if (auto key = row.value("next_key")) next = keyset.cursor(*key);
        response.page(request, row.text("items"), row.integer("total"), next);
    }

    void get(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        response.resource(db.one(kGet, {request.pathId("id")}, "Work order not found"));
    }

    void create(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto row = db.one(kInsert, {request.body()});
        refuseUnknownReferences(row);
        response.resource(row, 201);
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
        std::vector<crm::Param> params{request.pathId("id"), request.body(), replace, ifMatch, onlyOwn};
        if (auto written = db.find(writes_.written(request, replace, ifMatch.has_value(), onlyOwn.has_value()), params)) return response.resource(*written);
        auto row = db.one(WorkOrderWrites::diagnosed(), params);
        if (!row.isNull("json")) return response.resource(row);
        if (!row.boolean("found")) throw crm::NotFound("Work order not found");
        if (!row.boolean("allowed")) throw crm::Forbidden();
        if (!row.boolean("fresh")) throw kModified;
        refuseUnknownReferences(row);
        // Every check passed on the row as found, so it changed (or went)
        // before the write: say what the newest version failed.
        if (ifMatch) throw kModified;
        if (onlyOwn) throw crm::Forbidden();
        throw crm::NotFound("Work order not found");
    }

    void remove(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        db.one(kDelete, {request.pathId("id")}, "Work order not found");
        response.noContent();
    }

    static void refuseUnknownReferences(const crm::Row& row) {
        bool customerOk = row.boolean("customer_ok"), technicianOk = row.boolean("technician_ok");
        if (customerOk && technicianOk) return;
        crm::Invalid invalid("body", customerOk ? "assigned_technician_id" : "customer_id",
                             customerOk ? "Technician not found or inactive" : "Customer not found", "value_error");
        if (!customerOk && !technicianOk)
            invalid.add("body", "assigned_technician_id", "Technician not found or inactive", "value_error");
        throw invalid;
    }

    WorkOrderWrites writes_;
};

CRM_PLUGIN(WorkOrdersPlugin, "work-orders", "1.0.0")
