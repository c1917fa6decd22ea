// The one file that uses Boost.DLL (its API differs across Boost versions:
// only shared_library and get are used).
#include "plugins/PluginLibrary.h"

#include "plugins/PluginError.h"

#include <boost/dll/shared_library.hpp>

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

// Never unloads: dlclose may not unload anyway, and a plugin change means a
// restart. The handle is released on purpose at process exit only.
PluginLibrary::~PluginLibrary() { (void)handle_.release(); }

}  // namespace crm
