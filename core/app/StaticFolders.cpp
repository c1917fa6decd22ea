#include "app/StaticFolders.h"

#include "app/ServerState.h"
#include "plugins/PluginError.h"

#include <Poco/File.h>
#include <Poco/Logger.h>

#include <stdexcept>

namespace crm {
namespace {

void mountOne(ServerState& state, StaticMount mount) {
    for (const auto& route : state.router.routes())
        if (route.path == mount.urlPath || route.path.rfind(mount.urlPath + "/", 0) == 0)
            throw PluginError("static path " + mount.urlPath + " of " + mount.owner + " would hide the route " +
                              route.method + " " + route.path + " of " + route.owner);
    std::string what = "serving " + mount.directory + " at " + mount.urlPath + "/ for " + mount.owner;
    try {
        state.staticFiles.add(std::move(mount));
    } catch (const std::invalid_argument& e) {
        throw PluginError(e.what());
    }
    Poco::Logger::get("http").information(what);
}

}  // namespace

void mountStaticFolders(ServerState& state) {
    const std::string& docs = state.settings.docsDir;
    // The Swagger UI is part of the package; a build without it (node
    // missing) still serves the API, and says why /docs is a 404.
    if (Poco::File(docs).exists())
        mountOne(state, {"/docs", docs, "", "", "core"});
    else
        Poco::Logger::get("http").warning("CRM_DOCS_DIR " + docs + " does not exist: /docs answers 404");
    for (const auto& plugin : state.plugins->plugins())
        for (const auto& mount : plugin->mounts) mountOne(state, mount);
}

}  // namespace crm
