// The one file that uses Boost.DLL (its API differs across Boost versions:
// only shared_library and get are used).
#include "plugins/PluginLibrary.h"

#include "plugins/PluginError.h"

#include <boost/dll/shared_library.hpp>

#include <mutex>
#include <vector>

namespace crm {

struct PluginLibrary::Handle {
    boost::dll::shared_library library;
};

PluginLibrary::PluginLibrary(const std::string& path) : handle_(std::make_unique<Handle>()) {
    try {
        handle_->library = boost::dll::shared_library(
            path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        throw PluginError(path + ": cannot be loaded: " + e.what());
    }
    if (!handle_->library.has(CRM_PLUGIN_ENTRY_NAME))
        throw PluginError(path + ": has no entry point " CRM_PLUGIN_ENTRY_NAME "; build it with CRM_PLUGIN(...)");
    auto& query = handle_->library.get<const crm_plugin_descriptor*()>(CRM_PLUGIN_ENTRY_NAME);
    descriptor_ = query();
    if (!descriptor_) throw PluginError(path + ": " CRM_PLUGIN_ENTRY_NAME " returned no descriptor");
}

namespace {

// Libraries stay open until the process ends: dlclose may not unload anyway,
// a plugin change means a restart, and a thread or static destructor of a
// plugin may still run after its PluginLibrary is gone. Kept here, not
// dropped, so they stay reachable (the sanitizer build reports what is not).
std::vector<std::unique_ptr<PluginLibrary::Handle>>& openForever() {
    static auto* kept = new std::vector<std::unique_ptr<PluginLibrary::Handle>>;
    return *kept;
}
std::mutex openForeverMutex;

}  // namespace

PluginLibrary::~PluginLibrary() {
    std::lock_guard lock(openForeverMutex);
    openForever().push_back(std::move(handle_));
}

}  // namespace crm
