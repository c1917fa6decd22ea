// The manifest parser: the input is a plugin.json, read as if from
// /usr/lib/crm-server/plugins/fuzz/. A manifest that parses has its
// requirements ordered against an installed customers 1.0.0 (the version
// ranges of "requires" are parsed there) and its configuration keys
// checked. Every refusal is a PluginError, the one-line reason start-up
// stops with; any other exception escapes and counts as a crash.

#include "FuzzInput.h"

#include "plugins/PluginError.h"
#include "plugins/PluginManifest.h"

using namespace crm;

namespace {

const std::string kDirectory = "/usr/lib/crm-server/plugins/fuzz";

PluginManifest installedCustomers() {
    PluginManifest customers;
    customers.id = "customers";
    customers.version = "1.0.0";
    customers.directory = "/usr/lib/crm-server/plugins/customers";
    return customers;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    PluginManifest manifest;
    try {
        manifest = PluginManifest::parse(std::string(reinterpret_cast<const char*>(data), size), kDirectory,
                                         kDirectory + "/plugin.json");
    } catch (const PluginError&) {
        return 0;
    }
    if (manifest.library.empty() || manifest.library.front() != '/')
        fuzz::broken("a plugin's library is an absolute path");
    for (const char* key : {"auth.jwt_secret", "database.url", "admin.password"})
        if (manifest.mayRead(key)) fuzz::broken("no plugin reads the core's secrets");
    try {
        orderByRequirements({installedCustomers(), manifest});
    } catch (const PluginError&) {
        return 0;
    }
    return 0;
}
