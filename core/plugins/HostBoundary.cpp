#include "plugins/HostBoundary.h"

#include "api/CurrentRequest.h"
#include "plugins/PluginRuntime.h"

#include <Poco/Logger.h>

namespace crm::hostapi {

int refuseLoad(crm_host* host, const std::string& why) {
    if (host->refusal.empty()) host->refusal = why;
    return CRM_ERR_ARGUMENT;
}

int failure(const std::string& plugin, const char* function, int status, const std::string& why) {
    try {
        std::string line = "host function " + std::string(function) + " failed: " + why;
        if (auto* request = CurrentRequest::get()) {
            line = "request " + request->requestId + " " + request->method + " " + request->path + ": " + line;
            request->failureLogged = true;
        }
        Poco::Logger::get("plugin." + (plugin.empty() ? std::string("unknown") : plugin)).error(line);
    } catch (...) {
        // Logging itself failed (out of memory): the status still tells.
    }
    return status;
}

int nullArgument(const std::string& plugin, const char* function, const char* argument) {
    return failure(plugin, function, CRM_ERR_ARGUMENT, std::string("`") + argument + "` is NULL");
}

const std::string& currentPlugin() {
    static const std::string none;
    auto* request = CurrentRequest::get();
    return request ? request->plugin : none;
}

}  // namespace crm::hostapi
