// The schedule (API.md section 6) and a technician's schedule (section 4):
// work orders in a date range, ordered for the board, with customer and
// technician embedded (work_order_text and work_orders_text, from the
// work-orders plugin).
#include <crm/dates.hpp>
#include <crm/plugin.hpp>

namespace {

using namespace crm::schema;

constexpr const char* kRead = "schedule:read";
constexpr int kMaxRangeDays = 92;

const Fields kRange = {{"start_date", date()}, {"end_date", date()}};
// Each page's items are the work-orders plugin's WorkOrder.
const Route kWorkOrderPage = Route().items(json::ref("WorkOrder")).paginated();

// (items, total, technician exists). Ordered by date, time (nulls last), id:
// the page walks idx_work_orders_board and takes each work order's row as it
// passes (work_order_text, from the work-orders plugin, splices in customer
// and technician). Picking the page's ids first and looking each up again by
// id, as the whole work-order list does, read 2,030 buffers for a page of
// 200; this reads 841 (bench/results/plans/schedule-1x.txt). Without a
// technician the total adds up work_order_counts (exact, kept by the
// work-orders plugin's triggers).
const crm::Statement kSchedule{R"SQL(
    WITH matched AS NOT MATERIALIZED (
        SELECT w, w.id, w.scheduled_date, w.scheduled_time FROM work_orders w
        WHERE w.scheduled_date BETWEEN $1::date AND $2::date
          AND ($3::integer IS NULL OR w.assigned_technician_id = $3)
          AND ($4::boolean IS TRUE OR w.status <> 'cancelled'))
    SELECT (SELECT '[' || coalesce(string_agg(work_order_text(page.w, c, t), ', '
                                              ORDER BY page.scheduled_date, page.scheduled_time NULLS LAST, page.id),
                                   '') || ']'
            FROM (SELECT * FROM matched ORDER BY scheduled_date, scheduled_time NULLS LAST, id LIMIT $5 OFFSET $6) page
            JOIN customers c ON c.id = (page.w).customer_id
            LEFT JOIN technicians t ON t.id = (page.w).assigned_technician_id),
           CASE WHEN $3::integer IS NULL
                THEN (SELECT coalesce(sum(k.n), 0)::bigint FROM work_order_counts k
                      WHERE k.scheduled_date BETWEEN $1::date AND $2::date
                        AND ($4::boolean IS TRUE OR k.status <> 'cancelled'))
                ELSE (SELECT count(*) FROM matched) END,
           $3::integer IS NULL OR EXISTS (SELECT 1 FROM technicians WHERE id = $3))SQL",
                               {"items", "total", "technician_exists"}};

// No technician and still to do; most urgent first, then by date (nulls last).
const crm::Statement kUnassigned{R"SQL(
    WITH matched AS NOT MATERIALIZED (
        SELECT id, priority, scheduled_date FROM work_orders w
        WHERE w.assigned_technician_id IS NULL AND w.status NOT IN ('completed', 'cancelled'))
    SELECT work_orders_text(ARRAY(SELECT id FROM matched
                                  ORDER BY priority, scheduled_date NULLS LAST, id
                                  LIMIT $1 OFFSET $2)),
           (SELECT count(*) FROM matched))SQL",
                                 {"items", "total"}};

}  // namespace

class SchedulePlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes& routes) override {
        routes.add("GET", "/schedule", kRead,
                   Route(kWorkOrderPage).query(kRange + Fields{{"technician_id", id()}, {"include_cancelled", boolean()}}),
                   &SchedulePlugin::schedule, "Work orders scheduled in a date range");
        routes.add("GET", "/schedule/unassigned", kRead, kWorkOrderPage, &SchedulePlugin::unassigned,
                   "Open work orders with no technician");
        routes.add("GET", "/technicians/{id}/schedule", kRead, Route(kWorkOrderPage).pathId().query(kRange),
                   &SchedulePlugin::ofTechnician, "A technician's work orders in a date range");
    }

private:
    void schedule(const crm::Request& request, crm::Response& response) {
        bool includeCancelled = request.query("include_cancelled").value_or("false") == "true";
        answer(request, response, request.query("technician_id"), includeCancelled, false);
    }

    void ofTechnician(const crm::Request& request, crm::Response& response) {
        answer(request, response, std::to_string(request.pathId("id")), false, true);
    }

    void answer(const crm::Request& request, crm::Response& response, std::optional<std::string_view> technician,
                bool includeCancelled, bool technicianMustExist) {
        auto range = crm::dateRange(request, 0, 6, kMaxRangeDays);  // default: today .. today + 6
        crm::Db db(host());
        auto row = db.page(request, kSchedule, {range.start, range.end, technician, includeCancelled});
        if (technicianMustExist && !row.boolean("technician_exists")) throw crm::NotFound("Technician not found");
        response.page(request, row);
    }

    void unassigned(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        response.page(request, db.page(request, kUnassigned));
    }
};

CRM_PLUGIN(SchedulePlugin, "schedule", "1.0.0")
