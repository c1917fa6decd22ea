#pragma once

#include "crm/abi.h"

#include <exception>
#include <string>

namespace crm::hostapi {

// Where the host API meets plugin code, a failure is logged once, where it
// happens, naming the plugin, the request being served (if any) and the
// host function: returning a bare status would leave the plugin's author,
// and the operator, a 500 with no cause. The request is marked as logged,
// so the pipeline does not report the same failure a second time.
int failure(const std::string& plugin, const char* function, int status, const std::string& why);

// An argument the function cannot work without (a handle, an out-pointer)
// is NULL: CRM_ERR_ARGUMENT, logged.
int nullArgument(const std::string& plugin, const char* function, const char* argument);

// A registration during init (a route, a job, a static folder) that
// fails the plugin's load: the loader reports the first refusal, naming
// the plugin, so it is not logged here as well.
int refuseLoad(crm_host* host, const std::string& why);

// The plugin whose handler this thread is running, for functions that get
// no crm_host (the request and response accessors); empty outside one.
const std::string& currentPlugin();

// Runs a host function's body; an exception becomes CRM_ERR_INTERNAL,
// logged with what it said. Nothing throws into a plugin.
template <typename Body>
int guarded(const std::string& plugin, const char* function, Body body) noexcept {
    try {
        return body();
    } catch (const std::exception& e) {
        return failure(plugin, function, CRM_ERR_INTERNAL, e.what());
    } catch (...) {
        return failure(plugin, function, CRM_ERR_INTERNAL, "an exception of no standard type");
    }
}

}  // namespace crm::hostapi
