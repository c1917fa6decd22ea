#include "plugins/HostConfigApi.h"

#include "auth/DerivedMac.h"
#include "plugins/AbiStrings.h"
#include "plugins/HostBoundary.h"
#include "plugins/PluginRuntime.h"

#include <Poco/Logger.h>

#include <cstring>

namespace crm::hostapi {
namespace {

// Once per key, so a plugin asking in a loop does not flood the log.
void reportRefusedKey(crm_host* host, const std::string& key) {
    std::lock_guard lock(host->configMutex);
    if (!host->refusedKeys.insert(key).second) return;
    Poco::Logger::get("plugins").warning(
        "plugin '" + host->manifest->id + "' asked for configuration key '" + key +
        "', which is neither under plugins." + host->manifest->id + ". nor listed in the \"config\" of its plugin.json; it was told the key is not set");
}

const std::string& pluginOf(const crm_host* host) { return host->manifest->id; }

}  // namespace

int configGet(crm_host* host, crm_str key, crm_str* value) {
    if (!host) return nullArgument(currentPlugin(), "config_get", "host");
    if (!value) return nullArgument(pluginOf(host), "config_get", "value");
    *value = crm_str{nullptr, 0};
    return guarded(pluginOf(host), "config_get", [&]() -> int {
        std::string name = text(key);
        if (!host->manifest->mayRead(name)) {
            reportRefusedKey(host, name);
            return CRM_ERR_NOT_FOUND;
        }
        if (!host->config->has(name)) return CRM_ERR_NOT_FOUND;
        std::lock_guard lock(host->configMutex);
        auto& stored = host->configValues[name];
        stored = host->config->getString(name);
        *value = view(stored);
        return CRM_OK;
    });
}

int macSign(crm_host* host, crm_str purpose, crm_str message, char* mac) {
    if (!host) return nullArgument(currentPlugin(), "mac_sign", "host");
    if (!mac) return nullArgument(pluginOf(host), "mac_sign", "mac");
    if (!message.data && message.len) return nullArgument(pluginOf(host), "mac_sign", "message.data");
    if (!host->macs) return CRM_ERR_STATE;  // no secret configured (`crm-server routes`, say)
    return guarded(pluginOf(host), "mac_sign", [&]() -> int {
        std::string signature = host->macs->sign(host->manifest->id, text(purpose), text(message));
        std::memcpy(mac, signature.data(), CRM_MAC_TEXT_LEN);
        return CRM_OK;
    });
}

int macVerify(crm_host* host, crm_str purpose, crm_str message, crm_str mac, int* valid) {
    if (!host) return nullArgument(currentPlugin(), "mac_verify", "host");
    if (!valid) return nullArgument(pluginOf(host), "mac_verify", "valid");
    if (!message.data && message.len) return nullArgument(pluginOf(host), "mac_verify", "message.data");
    *valid = 0;
    if (!host->macs) return CRM_ERR_STATE;
    return guarded(pluginOf(host), "mac_verify", [&]() -> int {
        *valid = host->macs->verify(host->manifest->id, text(purpose), text(message), text(mac)) ? 1 : 0;
        return CRM_OK;
    });
}

}  // namespace crm::hostapi
