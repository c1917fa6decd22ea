#include "app/ServerMetrics.h"

#include "app/ServerState.h"
#include "db/PoolMetrics.h"
#include "metrics/ProcessMetrics.h"

#include <string>

namespace crm {
namespace {

// The plugin that owns the email_deliveries table.
constexpr const char* kEmailPlugin = "email";

void writeBuildInfo(PrometheusText& out, const PluginHost& plugins) {
    static const std::string abi = std::to_string(CRM_ABI_MAJOR) + "." + std::to_string(CRM_ABI_MINOR);
    out.family("crm_build_info", "gauge", "Always 1: the server's version and the plugin ABI version it offers.");
    out.sample("crm_build_info", {{"version", CRM_VERSION}, {"abi", abi}}, 1);
    out.family("crm_plugin_info", "gauge", "Always 1, one series per loaded plugin: its id and version.");
    for (const auto& p : plugins.plugins())
        out.sample("crm_plugin_info", {{"id", p->manifest.id}, {"version", p->manifest.version}}, 1);
}

}  // namespace

void addServerMetrics(ServerState& state) {
    state.metrics.add("build", [&plugins = *state.plugins](PrometheusText& out) { writeBuildInfo(out, plugins); });
    state.metrics.add("http", [&requests = *state.requestMetrics](PrometheusText& out) { requests.write(out); });
    state.metrics.add("database", [&database = *state.database](PrometheusText& out) { writePoolMetrics(out, database); });
    bool email = false;
    for (const auto& p : state.plugins->plugins()) email = email || p->manifest.id == kEmailPlugin;
    if (email) {
        state.emailOutbox = std::make_unique<EmailOutboxCounts>(*state.database);
        state.metrics.add("email", [&outbox = *state.emailOutbox](PrometheusText& out) { outbox.write(out); });
    }
    state.metrics.add("process", writeProcessMetrics);
}

}  // namespace crm
