#include "plugins/PluginHost.h"

#include "api/Router.h"
#include "plugins/PluginError.h"
#include "plugins/PluginRuntime.h"
#include "plugins/TrustedPath.h"

#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>

#include <algorithm>
#include <cstddef>

namespace crm {

PluginHost::PluginHost(Router& router, Database* database, const Poco::Util::AbstractConfiguration& config,
                       const std::string& signingSecret)
    : router_(router), database_(database), config_(config) {
    if (!signingSecret.empty()) macs_ = std::make_unique<DerivedMac>(signingSecret);
}

PluginHost::~PluginHost() { shutdownAll(); }

std::vector<PluginManifest> PluginHost::discover(const std::vector<std::string>& pluginPath) {
    std::vector<PluginManifest> found;
    // Each folder is checked before anything in it is read: a plugin's
    // library runs in the server and its sql/ runs as the database owner.
    auto loadTrusted = [&](const std::string& dir) {
        PluginManifest manifest = PluginManifest::load(dir);
        requireTrustedPath(dir + "/plugin.json", "plugin manifest");
        // A missing library is the loader's to report, with its own message.
        if (Poco::File(manifest.library).exists()) requireTrustedPath(manifest.library, "plugin library");
        for (const auto& sql : {manifest.sqlDirectory(), manifest.sqlDirectory() + "/repeatable"})
            if (Poco::File(sql).exists()) requireTrustedPath(sql, "plugin SQL folder");
        found.push_back(std::move(manifest));
    };
    for (const auto& root : pluginPath) {
        Poco::File folder(root);
        if (!folder.exists() || !folder.isDirectory()) continue;
        requireTrustedPath(root, "plugin folder");
        // A folder on the path may be a plugin itself or hold one per subfolder.
        if (Poco::File(Poco::Path(root).append("plugin.json")).exists()) {
            loadTrusted(root);
            continue;
        }
        std::vector<std::string> names;
        folder.list(names);
        std::sort(names.begin(), names.end());
        for (const auto& name : names) {
            std::string dir = Poco::Path(root).append(name).toString();
            if (Poco::File(dir).isDirectory() && Poco::File(Poco::Path(dir).append("plugin.json")).exists()) {
                requireTrustedPath(dir, "plugin folder");
                loadTrusted(dir);
            }
        }
    }
    return orderByRequirements(found);
}

void PluginHost::load(const PluginManifest& manifest) {
    const std::string who = "plugin '" + manifest.id + "' (" + manifest.directory + ")";
    // The manifest's ABI is checked before the library is opened, so an
    // incompatible plugin never runs a line of code in this process.
    if (manifest.abiMajor != CRM_ABI_MAJOR || manifest.abiMinor > CRM_ABI_MINOR)
        throw PluginError(who + " is built for SDK ABI " + std::to_string(manifest.abiMajor) + "." +
                          std::to_string(manifest.abiMinor) + " but this server provides " +
                          std::to_string(CRM_ABI_MAJOR) + "." + std::to_string(CRM_ABI_MINOR) +
                          "; rebuild the plugin against this server's SDK");
    for (const auto& plugin : plugins_)
        if (plugin->manifest.id == manifest.id) throw PluginError(who + " is already loaded");
    for (const auto& [id, range] : manifest.requirements) {
        if (id == "core") continue;
        bool loaded = std::any_of(plugins_.begin(), plugins_.end(), [&](const auto& p) { return p->manifest.id == id; });
        if (!loaded) throw PluginError(who + " requires plugin '" + id + "', which is not loaded");
    }

    auto plugin = std::make_unique<LoadedPlugin>();
    plugin->manifest = manifest;
    plugin->library = std::make_unique<PluginLibrary>(manifest.library);
    const crm_plugin_descriptor* d = plugin->library->descriptor();
    if (d->struct_size < CRM_DESCRIPTOR_SIZE_1_0)
        throw PluginError(who + ": its descriptor is too small to be a crm_plugin_descriptor");
    if (d->abi_major != CRM_ABI_MAJOR || d->abi_minor > CRM_ABI_MINOR)
        throw PluginError(who + ": the library was built for SDK ABI " + std::to_string(d->abi_major) + "." +
                          std::to_string(d->abi_minor) + " but this server provides " + std::to_string(CRM_ABI_MAJOR) +
                          "." + std::to_string(CRM_ABI_MINOR) + "; rebuild it against this server's SDK");
    if (d->abi_major != static_cast<uint32_t>(manifest.abiMajor) || d->abi_minor != static_cast<uint32_t>(manifest.abiMinor))
        throw PluginError(who + ": plugin.json says sdk_abi " + std::to_string(manifest.abiMajor) + "." +
                          std::to_string(manifest.abiMinor) + " but the library was built for " +
                          std::to_string(d->abi_major) + "." + std::to_string(d->abi_minor) +
                          "; they must agree (crm_add_plugin writes sdk_abi from the SDK it builds with)");
    if (!d->id || manifest.id != d->id)
        throw PluginError(who + ": the library calls itself '" + std::string(d->id ? d->id : "") + "'; plugin.json and CRM_PLUGIN must agree");
    if (!d->init) throw PluginError(who + ": the descriptor has no init function");

    plugin->runtime = std::make_unique<crm_host>();
    plugin->runtime->manifest = &plugin->manifest;
    plugin->runtime->database = database_;
    plugin->runtime->config = &config_;
    plugin->runtime->jobs = &jobs_;
    plugin->runtime->macs = macs_.get();
    int status = d->init(plugin->runtime.get(), &api(), &plugin->state);
    plugin->runtime->initialising = false;
    // From here on a refusal hands the plugin its shutdown first: init may
    // have made state (the C++ wrapper's plugin object) only it can free.
    try {
        if (!plugin->runtime->refusal.empty()) throw PluginError(who + " refused: " + plugin->runtime->refusal);
        if (status != CRM_OK) throw PluginError(who + ": init failed with status " + std::to_string(status));
        // Its pages run in the API's origin, with the users' tokens: only
        // whoever may change the plugin's code may change them.
        for (const auto& mount : plugin->runtime->mounts)
            if (Poco::File(mount.directory).exists()) requireTrustedPath(mount.directory, "plugin static folder");
        // Register only after a successful init, so a refused plugin leaves no routes behind.
        try {
            for (auto& route : plugin->runtime->pendingRoutes) router_.add(std::move(route));
        } catch (const std::invalid_argument& e) {
            throw PluginError(who + ": " + e.what());
        }
    } catch (...) {
        if (plugin->state && d->shutdown) d->shutdown(plugin->state);
        plugin->state = nullptr;
        throw;
    }
    plugin->routeCount = plugin->runtime->pendingRoutes.size();
    plugin->runtime->pendingRoutes.clear();
    plugin->mounts = std::move(plugin->runtime->mounts);
    Poco::Logger::get("plugins").information("loaded " + manifest.id + " " + manifest.version + " (" +
                                             std::to_string(plugin->routeCount) + " routes)");
    plugins_.push_back(std::move(plugin));
}

void PluginHost::loadAll(const std::vector<PluginManifest>& ordered) {
    for (const auto& manifest : ordered) load(manifest);
}

void PluginHost::shutdownAll() {
    jobs_.stop();
    for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
        auto& plugin = **it;
        const auto* d = plugin.library->descriptor();
        if (plugin.state && d->shutdown) d->shutdown(plugin.state);
        plugin.state = nullptr;
    }
}

}  // namespace crm
