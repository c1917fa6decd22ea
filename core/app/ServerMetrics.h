#pragma once

namespace crm {

struct ServerState;

// Adds the sections of /metrics to state.metrics once everything they read
// exists (the HTTP subsystem calls it before serving), in the order the
// page lists them: build and plugins, HTTP requests, the database pool, the
// email outbox (when the email plugin is loaded), the process.
void addServerMetrics(ServerState& state);

}  // namespace crm
