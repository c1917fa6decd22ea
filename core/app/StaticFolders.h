#pragma once

namespace crm {

struct ServerState;

// Registers the folders served as files: the API's Swagger UI at /docs
// (CRM_DOCS_DIR) and each loaded plugin's static_mount. A plugin's folder
// that is missing, or a path that overlaps another mount or a route,
// stops start-up (PluginError) naming both owners.
void mountStaticFolders(ServerState& state);

}  // namespace crm
