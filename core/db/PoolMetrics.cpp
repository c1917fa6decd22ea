#include "db/PoolMetrics.h"

#include "db/Database.h"

namespace crm {

void writePoolMetrics(PrometheusText& out, const Database& database) {
    auto sessions = database.sessions();
    out.family("crm_db_sessions", "gauge",
               "Database sessions of the pool (DB_POOL_SIZE) by state: busy (held by a request), idle (open, free), "
               "unopened (not connected yet, or closed after idling).");
    out.sample("crm_db_sessions", {{"state", "busy"}}, sessions.busy);
    out.sample("crm_db_sessions", {{"state", "idle"}}, sessions.idle);
    out.sample("crm_db_sessions", {{"state", "unopened"}}, sessions.unopened);
    out.family("crm_db_wait_seconds", "histogram",
               "Time spent waiting to get a pooled database session (in line while all are busy, and connecting).");
    out.histogram("crm_db_wait_seconds", {}, database.acquireWaits());
}

}  // namespace crm
