#pragma once

#include "metrics/PrometheusText.h"

namespace crm {

class Database;

// crm_db_sessions{state} and crm_db_wait_seconds: the pool's sessions by
// state, and how long requests waited to get one.
void writePoolMetrics(PrometheusText& out, const Database& database);

}  // namespace crm
