// Reports (API.md section 7). Each is one statement: aggregates with FILTER
// make a single pass over the rows in range (no loop per technician or
// customer), and the date range is applied and validated.
#include <crm/dates.hpp>
#include <crm/plugin.hpp>

#include <initializer_list>
#include <string>
#include <vector>

namespace {

using namespace crm::schema;

constexpr const char* kRead = "reports:read";
constexpr int kMaxRangeDays = 366;

// What each report answers, for the OpenAPI document: the figures the SQL
// below builds. Rates and hours are decimals, counts whole.
json::Schema counts(std::initializer_list<const char*> names) {
    std::vector<json::Property> properties;
    for (const char* name : names) properties.push_back({name, json::integer()});
    return json::record(properties);
}
const json::Schema kSummary = json::record({
    {"customers_total", json::integer()}, {"technicians_active", json::integer()}, {"work_orders_total", json::integer()},
    {"work_orders_by_status", counts({"pending", "scheduled", "in_progress", "completed", "cancelled"})},
    {"scheduled_today", json::integer()}, {"completed_today", json::integer()}, {"unassigned_open", json::integer()},
    {"overdue", json::integer()}, {"completed_last_7_days", json::integer()}, {"completed_last_30_days", json::integer()},
    {"generated_at", json::dateTime()},
});
const json::Schema kTechnicianPerformance = json::record({
    {"technician_id", json::integer()}, {"name", json::string()}, {"assigned", json::integer()},
    {"completed", json::integer()}, {"completion_rate", json::number().orNull()}, {"scheduled_minutes", json::integer()},
    {"avg_completion_hours", json::number().orNull()}, {"on_time_rate", json::number().orNull()},
});
const json::Schema kCustomerActivity = json::record({
    {"customer_id", json::integer()}, {"name", json::string()}, {"region", json::string().orNull()},
    {"work_orders", json::integer()}, {"completed", json::integer()}, {"open", json::integer()},
    {"last_service_date", json::date().orNull()},
});
const Fields kRange = {{"start_date", date()}, {"end_date", date()}};
// Reports over a date range read every work order in it (long reads), and
// say beside the page which range they covered.
const Route kRangeReport =
    Route().envelope("start_date", json::date()).envelope("end_date", json::date()).paginated().longRead();

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
const crm::SortKeys kTechnicianSorts("p.id", {{"completed", "p.completed"},
                                              {"completion_rate", "p.completion_rate NULLS LAST"},
                                              {"name", "p.name"}});
const crm::SortKeys kCustomerSorts("p.id", {{"work_orders", "p.work_orders"},
                                            {"last_service_date", "p.last_service_date NULLS LAST"},
                                            {"name", "p.name"}});

}  // namespace

class ReportsPlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes& routes) override {
        routes.add("GET", "/reports/summary", kRead,
                   Route().answers(200, json::ref("ReportSummary")).component("ReportSummary", kSummary),
                   &ReportsPlugin::summary, "Dashboard totals");
        routes.add("GET", "/reports/technician-performance", kRead,
                   Route(kRangeReport).items(json::ref("TechnicianPerformance"))
                       .component("TechnicianPerformance", kTechnicianPerformance).sort(kTechnicianSorts).query(kRange),
                   &ReportsPlugin::technicians, "Per technician: assigned, completed, rates and hours in a date range");
        routes.add("GET", "/reports/customer-activity", kRead,
                   Route(kRangeReport).items(json::ref("CustomerActivity")).component("CustomerActivity", kCustomerActivity)
                       .sort(kCustomerSorts).query(kRange + Fields{{"region", string().maxLength(100)}}),
                   &ReportsPlugin::customers, "Per customer with work in a date range: counts and last service");
    }

private:
    void summary(const crm::Request&, crm::Response& response) {
        crm::Db db(host());
        response.json(*db.json(kSummarySql));
    }

    void technicians(const crm::Request& request, crm::Response& response) {
        answer(request, response, technicianSql(kTechnicianSorts.orderBy(request.sort("-completed"))), {});
    }

    void customers(const crm::Request& request, crm::Response& response) {
        answer(request, response, customerSql(kCustomerSorts.orderBy(request.sort("-work_orders"))),
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
