#include "plugins/HostConfigApi.h"

#include "auth/DerivedMac.h"
#include "plugins/AbiStrings.h"
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

}  // namespace

int configGet(crm_host* host, crm_str key, crm_str* value) {
    try {
        if (!host || !value) return CRM_ERR_ARGUMENT;
        *value = crm_str{nullptr, 0};
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
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int macSign(crm_host* host, crm_str purpose, crm_str message, char* mac) {
    try {
        if (!host || !mac || (!message.data && message.len)) return CRM_ERR_ARGUMENT;
        if (!host->macs) return CRM_ERR_STATE;  // no secret configured (`crm-server routes`, say)
        std::string signature = host->macs->sign(host->manifest->id, text(purpose), text(message));
        std::memcpy(mac, signature.data(), CRM_MAC_TEXT_LEN);
        return CRM_OK;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int macVerify(crm_host* host, crm_str purpose, crm_str message, crm_str mac, int* valid) {
    try {
        if (!host || !valid || (!message.data && message.len)) return CRM_ERR_ARGUMENT;
        *valid = 0;
        if (!host->macs) return CRM_ERR_STATE;
        *valid = host->macs->verify(host->manifest->id, text(purpose), text(message), text(mac)) ? 1 : 0;
        return CRM_OK;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

}  // namespace crm::hostapi
