// One UPDATE per set of keys a body holds. The statement that sets only the
// columns sent is much smaller than one that decides for every column
// whether it was sent (CASE WHEN b ? 'key' ...), and PostgreSQL prepares
// and evaluates every expression of a statement on every execution: the
// schedule board's PATCHes of a date or a technician ran 5,400-5,600
// statements/s that way and 6,100-6,700 this way (pgbench -M prepared -c8,
// 1x data, 3 interleaved rounds). The SQL is assembled from the constant
// column list below, never from the body: a key set picks which constants.
#include "WorkOrderWrites.h"

#include <string>

namespace {

// A column a write sets from the body's key of the same name, and the SQL
// of its new value.
struct Column {
    const char* name;
    const char* value;
};
// In the order the statements set them. customer_id is set only when sent
// (PUT requires it, PATCH refuses it); PUT sets every other column whether
// sent or not, an omitted one taking its POST default.
constexpr Column kColumns[] = {
    {"customer_id", "(b->>'customer_id')::integer"},
    {"assigned_technician_id", "(b->>'assigned_technician_id')::integer"},
    {"status", "coalesce(b->>'status', 'pending')"},
    {"priority", "coalesce((b->>'priority')::integer, 3)"},
    {"scheduled_date", "(b->>'scheduled_date')::date"},
    {"scheduled_time", "(b->>'scheduled_time')::time"},
    {"description", "b->>'description'"},
    {"notes", "b->>'notes'"},
    {"estimated_duration", "(b->>'estimated_duration')::integer"},
};
constexpr unsigned kCustomerKey = 1u << 0, kTechnicianKey = 1u << 1, kStatusKey = 1u << 2;
constexpr unsigned kIfMatchKey = 1u << std::size(kColumns), kOwnKey = kIfMatchKey << 1;

// completed_at follows a status that was sent.
const std::string kCompletedAt = "CASE WHEN coalesce(b->>'status', 'pending') <> 'completed' THEN NULL"
                                 " WHEN w.status = 'completed' THEN w.completed_at ELSE now() END";

// If-Match and the caller's own assignment are conditions of the UPDATE
// itself, which PostgreSQL re-checks on the newest version of the row, so
// no row lock is taken beforehand. A technician-role caller's work orders
// are those of the technician whose user_id it is, looked up here rather
// than taken from the token, so a re-linked technician's former user has
// no say from the moment of the change.
const std::string kWritable = R"SQL(w.id = $1 AND ($4::text IS NULL OR crm_etag(w.updated_at) = $4)
          AND ($5::integer IS NULL OR w.assigned_technician_id = user_technician_id($5)))SQL";
const std::string kFresh = " AND crm_etag(w.updated_at) = $4";
const std::string kOwn = " AND w.assigned_technician_id = user_technician_id($5)";
const std::string kCustomerOk =
    "(NOT (b ? 'customer_id') OR EXISTS (SELECT 1 FROM customers WHERE id = (b->>'customer_id')::integer))";
const std::string kTechnicianOk =
    "(coalesce(jsonb_typeof(b->'assigned_technician_id'), 'null') = 'null'"
    " OR EXISTS (SELECT 1 FROM technicians WHERE id = (b->>'assigned_technician_id')::integer AND is_active))";
const std::string kInput = "WITH input AS (SELECT $2::jsonb AS b, $3::boolean AS replace),";
// The same, naming $4 and $5 for their types when the statement has no
// condition on them.
const std::string kTypedInput =
    "WITH input AS (SELECT $2::jsonb AS b, $3::boolean AS replace, $4::text AS if_match, $5::integer AS own),";

// Every column, each set only when PUT or the body's key says so.
std::string everyChange() {
    std::string set;
    for (const Column& column : kColumns) {
        std::string name = column.name;
        std::string sent = (name == "customer_id" ? "" : "replace OR ") + ("b ? '" + name + "'");
        set += name + " = CASE WHEN " + sent + " THEN " + column.value + " ELSE w." + name + " END, ";
    }
    return set + "completed_at = CASE WHEN replace OR b ? 'status' THEN " + kCompletedAt +
           " ELSE w.completed_at END, updated_at = now()";
}

// keys: the columns to set (bit i: kColumns[i]), then whether If-Match
// ($4) and the caller's own assignment ($5) are conditions.
std::string writtenSql(unsigned keys) {
    std::string set, conditions = "w.id = $1";
    for (std::size_t i = 0; i < std::size(kColumns); ++i)
        if (keys & (1u << i)) set += std::string(kColumns[i].name) + " = " + kColumns[i].value + ", ";
    if (keys & kStatusKey) set += "completed_at = " + kCompletedAt + ", ";
    if (keys & kIfMatchKey) conditions += kFresh;
    if (keys & kOwnKey) conditions += kOwn;
    if (keys & kCustomerKey) conditions += " AND " + kCustomerOk;
    if (keys & kTechnicianKey) conditions += " AND " + kTechnicianOk;
    return kTypedInput + " updated AS (UPDATE work_orders w SET " + set + "updated_at = now() FROM input WHERE " + conditions +
           " RETURNING w.*) SELECT work_order_text(r, c, t), crm_etag(r.updated_at) FROM updated r" WRITTEN_ROW_EMBEDS;
}

}  // namespace

const crm::Statement& WorkOrderWrites::written(const crm::Request& request, bool replace, bool ifMatch, bool own) {
    static_assert(std::size(kColumns) + 2 == kKeyBits);
    unsigned keys = (ifMatch ? kIfMatchKey : 0) | (own ? kOwnKey : 0);
    for (std::size_t i = 0; i < std::size(kColumns); ++i)
        if ((replace && (1u << i) != kCustomerKey) || request.bodyHas(kColumns[i].name)) keys |= 1u << i;
    std::lock_guard lock(mutex_);
    auto& statement = written_[keys];
    if (!statement) statement = std::make_unique<const crm::Statement>(crm::Statement(writtenSql(keys), {"json", "etag"}));
    return *statement;
}

const crm::Statement& WorkOrderWrites::diagnosed() {
    static const crm::Statement statement{
        kInput + " checks AS (SELECT " + kCustomerOk + " AS customer_ok, " + kTechnicianOk +
            " AS technician_ok FROM input),"
            " updated AS (UPDATE work_orders w SET " + everyChange() + " FROM input, checks WHERE " + kWritable +
            " AND checks.customer_ok AND checks.technician_ok RETURNING w.*),"
            " found AS (SELECT assigned_technician_id, crm_etag(updated_at) AS etag FROM work_orders WHERE id = $1)"
            " SELECT " EMBED_WRITTEN_ROW("updated") ", (SELECT crm_etag(updated_at) FROM updated),"
            " customer_ok, technician_ok, EXISTS (SELECT 1 FROM found),"
            " coalesce((SELECT $4::text IS NULL OR etag = $4 FROM found), false),"
            " coalesce((SELECT $5::integer IS NULL OR assigned_technician_id = user_technician_id($5)"
            " FROM found), false)"
            " FROM checks",
        {"json", "etag", "customer_ok", "technician_ok", "found", "fresh", "allowed"}};
    return statement;
}
