#pragma once

#include "metrics/PrometheusText.h"

namespace crm {

// The process_* families every Prometheus client exports, read from this
// process's /proc entries: resident memory, CPU time, open descriptors.
void writeProcessMetrics(PrometheusText& out);

}  // namespace crm
