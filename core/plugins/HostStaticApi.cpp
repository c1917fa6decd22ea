#include "plugins/HostStaticApi.h"

#include "plugins/HostBoundary.h"
#include "plugins/PluginRuntime.h"

#include <algorithm>
#include <cstring>

namespace crm::hostapi {
namespace {

// A name below the plugin's folder: relative, and no part that climbs out
// or hides ("..", ".git").
bool relativeInside(const std::string& path) {
    if (path.empty() || path[0] == '/') return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (part.empty() || part[0] == '.') return false;
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return true;
}

}  // namespace

int staticMount(crm_host* host, const crm_static_mount* given) {
    if (!host) return nullArgument(currentPlugin(), "static_mount", "host");
    const std::string& plugin = host->manifest->id;
    return guarded(plugin, "static_mount", [&]() -> int {
        if (!host->initialising) return refuseLoad(host, "static_mount called after init");
        if (!given || given->struct_size < CRM_STATIC_MOUNT_SIZE_1_4 || !given->url_path || !given->directory)
            return refuseLoad(host, "static_mount got an incomplete crm_static_mount (url_path and directory are required)");
        std::string url = given->url_path;
        const auto& declared = host->manifest->staticPaths;
        if (std::find(declared.begin(), declared.end(), url) == declared.end())
            return refuseLoad(host, "static path " + url + " is not among the static_paths of plugin.json");
        std::string directory = given->directory;
        if (!relativeInside(directory))
            return refuseLoad(host, "static folder '" + directory + "' must be relative to the plugin's folder, without '..'");
        StaticMount mount;
        mount.urlPath = url;
        mount.directory = host->manifest->directory + "/" + directory;
        mount.owner = plugin;
        if (given->spa_fallback && *given->spa_fallback) {
            mount.spaFallback = given->spa_fallback;
            if (!relativeInside(mount.spaFallback)) return refuseLoad(host, "static fallback '" + mount.spaFallback + "' must be a file in the folder");
        }
        if (given->immutable_dir && *given->immutable_dir) {
            mount.immutableDir = given->immutable_dir;
            if (!relativeInside(mount.immutableDir)) return refuseLoad(host, "static immutable_dir '" + mount.immutableDir + "' must be a subfolder");
        }
        host->mounts.push_back(std::move(mount));
        return CRM_OK;
    });
}

}  // namespace crm::hostapi
