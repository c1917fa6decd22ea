#pragma once

#include <string>

namespace crm {

// A folder served as files at a URL path (the API docs' Swagger UI, a
// plugin's web app): what crm_static_mount declares, resolved.
struct StaticMount {
    std::string urlPath;       // "/console": no trailing slash
    std::string directory;     // absolute, without symbolic links
    std::string spaFallback;   // a file in directory answering extension-less paths, or empty
    std::string immutableDir;  // a subfolder whose files are named by their content, or empty
    std::string owner;         // "core" or the plugin id, for logs and conflicts
};

}  // namespace crm
