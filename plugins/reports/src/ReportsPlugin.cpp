// Reports (API.md section 7). Each is one statement: aggregates with FILTER
// make a single pass over the rows in range (no loop per technician or
// customer), and the date range is applied and validated.
#include <crm/dates.hpp>
#include <crm/plugin.hpp>

#include <map>
#include <string>

namespace {

constexpr const char* kRead = "reports:read";
constexpr int kMaxRangeDays = 366;

// What each report answers, for the OpenAPI document (RouteSchema.h): the
// figures the SQL below builds. Rates and hours are decimals, counts whole.
constexpr const char* kSummarySchema = R"({
  "responses": {"200": {"$ref": "#/components/schemas/ReportSummary"}},
  "schemas": {"ReportSummary": {
    "type": "object", "additionalProperties": false,
    "required": ["customers_total", "technicians_active", "work_orders_total", "work_orders_by_status", "scheduled_today",
                 "completed_today", "unassigned_open", "overdue", "completed_last_7_days", "completed_last_30_days",
                 "generated_at"],
    "properties": {
      "customers_total": {"type": "integer"}, "technicians_active": {"type": "integer"},
      "work_orders_total": {"type": "integer"},
      "work_orders_by_status": {
        "type": "object", "additionalProperties": false,
        "required": ["pending", "scheduled", "in_progress", "completed", "cancelled"],
        "properties": {"pending": {"type": "integer"}, "scheduled": {"type": "integer"}, "in_progress": {"type": "integer"},
                       "completed": {"type": "integer"}, "cancelled": {"type": "integer"}}},
      "scheduled_today": {"type": "integer"}, "completed_today": {"type": "integer"},
      "unassigned_open": {"type": "integer"}, "overdue": {"type": "integer"},
      "completed_last_7_days": {"type": "integer"}, "completed_last_30_days": {"type": "integer"},
      "generated_at": {"type": "string", "format": "date-time"}}}}})";
// The range a report covered, beside its page.
#define RANGE_ENVELOPE \
    R"("envelope": {"start_date": {"type": "string", "format": "date"}, "end_date": {"type": "string", "format": "date"}}, )"
// Reports over a date range read every work order in it: long reads.
constexpr const char* kTechnicianSchema = "{" RANGE_ENVELOPE R"(
  "items": {"$ref": "#/components/schemas/TechnicianPerformance"},
  "schemas": {"TechnicianPerformance": {
    "type": "object", "additionalProperties": false,
    "required": ["technician_id", "name", "assigned", "completed", "completion_rate", "scheduled_minutes",
                 "avg_completion_hours", "on_time_rate"],
    "properties": {
      "technician_id": {"type": "integer"}, "name": {"type": "string"},
      "assigned": {"type": "integer"}, "completed": {"type": "integer"},
      "completion_rate": {"type": ["number", "null"]}, "scheduled_minutes": {"type": "integer"},
      "avg_completion_hours": {"type": ["number", "null"]}, "on_time_rate": {"type": ["number", "null"]}}}},
  "paginated": true, "long_read": true, "sort": ["completed", "completion_rate", "name"],
  "query": {"start_date": {"type": "date"}, "end_date": {"type": "date"}}})";
constexpr const char* kCustomerSchema = "{" RANGE_ENVELOPE R"(
  "items": {"$ref": "#/components/schemas/CustomerActivity"},
  "schemas": {"CustomerActivity": {
    "type": "object", "additionalProperties": false,
    "required": ["customer_id", "name", "region", "work_orders", "completed", "open", "last_service_date"],
    "properties": {
      "customer_id": {"type": "integer"}, "name": {"type": "string"}, "region": {"type": ["string", "null"]},
      "work_orders": {"type": "integer"}, "completed": {"type": "integer"}, "open": {"type": "integer"},
      "last_service_date": {"type": ["string", "null"], "format": "date"}}}},
  "paginated": true, "long_read": true, "sort": ["work_orders", "last_service_date", "name"],
  "query": {"start_date": {"type": "date"}, "end_date": {"type": "date"}, "region": {"type": "string", "maxLength": 100}}})";

// Whole database. "Today" and the dates of timestamps are UTC. Customers and
// work-order figures add up customer_counts and work_order_counts (kept exact
// by their plugins' triggers): a few thousand counters, not every row, so the
// summary costs the same at any size.
constexpr const char* kSummarySql = R"SQL(
    SELECT json_build_object(
        'customers_total', (SELECT coalesce(sum(n), 0) FROM customer_counts),
        'technicians_active', (SELECT count(*) FROM technicians WHERE is_active),
        'work_orders_total', coalesce(sum(k.n), 0),
        'work_orders_by_status', json_build_object(
            'pending', coalesce(sum(k.n) FILTER (WHERE k.status = 'pending'), 0),
            'scheduled', coalesce(sum(k.n) FILTER (WHERE k.status = 'scheduled'), 0),
            'in_progress', coalesce(sum(k.n) FILTER (WHERE k.status = 'in_progress'), 0),
            'completed', coalesce(sum(k.n) FILTER (WHERE k.status = 'completed'), 0),
            'cancelled', coalesce(sum(k.n) FILTER (WHERE k.status = 'cancelled'), 0)),
        'scheduled_today', coalesce(sum(k.n) FILTER (WHERE k.scheduled_date = d.today AND k.status <> 'cancelled'), 0),
        'completed_today', coalesce(sum(k.n) FILTER (WHERE k.completed_on = d.today), 0),
        'unassigned_open', coalesce(sum(k.n) FILTER (WHERE k.unassigned
                                                     AND k.status NOT IN ('completed', 'cancelled')), 0),
        'overdue', coalesce(sum(k.n) FILTER (WHERE k.scheduled_date < d.today
                                             AND k.status NOT IN ('completed', 'cancelled')), 0),
        'completed_last_7_days', coalesce(sum(k.n) FILTER (WHERE k.completed_on BETWEEN d.today - 6 AND d.today), 0),
        'completed_last_30_days', coalesce(sum(k.n) FILTER (WHERE k.completed_on BETWEEN d.today - 29 AND d.today), 0),
        'generated_at', crm_timestamp(now()))::text
    FROM (SELECT crm_today() AS today) d
    LEFT JOIN work_order_counts k ON true
    GROUP BY d.today)SQL";

// Every active technician, those with nothing in the range too.
std::string technicianSql(const std::string& orderBy) {
    return R"SQL(
        WITH stats AS (
            SELECT t.id, t.name,
                   count(w.id) FILTER (WHERE w.status <> 'cancelled') AS assigned,
                   count(w.id) FILTER (WHERE w.status = 'completed') AS completed,
                   coalesce(sum(w.estimated_duration) FILTER (WHERE w.status <> 'cancelled'), 0) AS scheduled_minutes,
                   avg(extract(epoch FROM w.completed_at - w.created_at) / 3600)
                       FILTER (WHERE w.status = 'completed') AS avg_hours,
                   count(w.id) FILTER (WHERE w.status = 'completed'
                                       AND (w.completed_at AT TIME ZONE 'UTC')::date <= w.scheduled_date) AS on_time
            FROM technicians t
            LEFT JOIN work_orders w ON w.assigned_technician_id = t.id AND w.scheduled_date BETWEEN $1::date AND $2::date
            WHERE t.is_active
            GROUP BY t.id, t.name),
        rated AS (
            SELECT *, CASE WHEN assigned > 0 THEN round(completed::numeric / assigned, 4) END AS completion_rate
            FROM stats)
        SELECT json_build_object(
            'items', coalesce((
                SELECT json_agg(json_build_object(
                    'technician_id', p.id, 'name', p.name, 'assigned', p.assigned, 'completed', p.completed,
                    'completion_rate', p.completion_rate, 'scheduled_minutes', p.scheduled_minutes,
                    'avg_completion_hours', round(p.avg_hours::numeric, 2),
                    'on_time_rate', CASE WHEN p.completed > 0 THEN round(p.on_time::numeric / p.completed, 4) END)
                    ORDER BY )SQL" + orderBy + R"SQL()
                FROM (SELECT * FROM rated p ORDER BY )SQL" + orderBy + R"SQL( LIMIT $3 OFFSET $4) p), '[]'),
            'total', (SELECT count(*) FROM rated),
            'page', $5::bigint, 'page_size', $3::bigint,
            'pages', ((SELECT count(*) FROM rated) + $3::bigint - 1) / $3::bigint,
            'start_date', $1::date, 'end_date', $2::date)::text)SQL";
}

// Customers with at least one work order in the range.
std::string customerSql(const std::string& orderBy) {
    return R"SQL(
        WITH stats AS (
            SELECT c.id, c.name, c.region,
                   count(*) AS work_orders,
                   count(*) FILTER (WHERE w.status = 'completed') AS completed,
                   count(*) FILTER (WHERE w.status IN ('pending', 'scheduled', 'in_progress')) AS open,
                   max(w.scheduled_date) FILTER (WHERE w.status = 'completed') AS last_service_date
            FROM work_orders w
            JOIN customers c ON c.id = w.customer_id
            WHERE w.scheduled_date BETWEEN $1::date AND $2::date
              AND ($6::text IS NULL OR c.region = $6)
            GROUP BY c.id, c.name, c.region)
        SELECT json_build_object(
            'items', coalesce((
                SELECT json_agg(json_build_object(
                    'customer_id', p.id, 'name', p.name, 'region', p.region, 'work_orders', p.work_orders,
                    'completed', p.completed, 'open', p.open, 'last_service_date', p.last_service_date)
                    ORDER BY )SQL" + orderBy + R"SQL()
                FROM (SELECT * FROM stats p ORDER BY )SQL" + orderBy + R"SQL( LIMIT $3 OFFSET $4) p), '[]'),
            'total', (SELECT count(*) FROM stats),
            'page', $5::bigint, 'page_size', $3::bigint,
            'pages', ((SELECT count(*) FROM stats) + $3::bigint - 1) / $3::bigint,
            'start_date', $1::date, 'end_date', $2::date)::text)SQL";
}

// Default sorts are descending by the main figure; ties by id.
const std::map<std::string, std::string> kTechnicianOrder = {
    {"completed", "p.completed, p.id"},
    {"-completed", "p.completed DESC, p.id DESC"},
    {"completion_rate", "p.completion_rate NULLS LAST, p.id"},
    {"-completion_rate", "p.completion_rate DESC NULLS LAST, p.id DESC"},
    {"name", "p.name, p.id"},
    {"-name", "p.name DESC, p.id DESC"},
};
const std::map<std::string, std::string> kCustomerOrder = {
    {"work_orders", "p.work_orders, p.id"},
    {"-work_orders", "p.work_orders DESC, p.id DESC"},
    {"last_service_date", "p.last_service_date NULLS LAST, p.id"},
    {"-last_service_date", "p.last_service_date DESC NULLS LAST, p.id DESC"},
    {"name", "p.name, p.id"},
    {"-name", "p.name DESC, p.id DESC"},
};

}  // namespace

class ReportsPlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes& routes) override {
        routes.add("GET", "/reports/summary", kRead, kSummarySchema, &ReportsPlugin::summary, "Dashboard totals");
        routes.add("GET", "/reports/technician-performance", kRead, kTechnicianSchema, &ReportsPlugin::technicians,
                   "Per technician: assigned, completed, rates and hours in a date range");
        routes.add("GET", "/reports/customer-activity", kRead, kCustomerSchema, &ReportsPlugin::customers,
                   "Per customer with work in a date range: counts and last service");
    }

private:
    void summary(const crm::Request&, crm::Response& response) {
        crm::Db db(host());
        response.json(*db.json(kSummarySql));
    }

    void technicians(const crm::Request& request, crm::Response& response) {
        answer(request, response, technicianSql(kTechnicianOrder.at(request.sort("-completed"))), {});
    }

    void customers(const crm::Request& request, crm::Response& response) {
        answer(request, response, customerSql(kCustomerOrder.at(request.sort("-work_orders"))),
               {request.query("region")});
    }

    // Parameters $1..$5 are the range and the page; `filters` follow from $6.
    void answer(const crm::Request& request, crm::Response& response, const std::string& sql,
                const std::vector<crm::Param>& filters) {
        auto range = crm::dateRange(request, -29, 0, kMaxRangeDays);  // default: the 30 days ending today
        auto [page, pageSize] = request.page();
        std::vector<crm::Param> params = {range.start, range.end, pageSize, (page - 1) * pageSize, page};
        params.insert(params.end(), filters.begin(), filters.end());
        crm::Db db(host());
        response.json(*db.json(sql, params));
    }
};

CRM_PLUGIN(ReportsPlugin, "reports", "1.0.0")
