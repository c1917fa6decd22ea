#pragma once

#include "crm/abi.h"

#include <memory>
#include <string>

namespace crm {

// A plugin's shared library, opened with RTLD_NOW (a missing symbol fails
// here, at start-up) and RTLD_LOCAL (plugins never interpose each other's
// symbols). It stays loaded for the life of the process.
class PluginLibrary {
public:
    // Throws PluginError when the file cannot be loaded or lacks the entry point.
    explicit PluginLibrary(const std::string& path);
    ~PluginLibrary();

    const crm_plugin_descriptor* descriptor() const { return descriptor_; }

    struct Handle;

private:
    std::unique_ptr<Handle> handle_;
    const crm_plugin_descriptor* descriptor_ = nullptr;
};

}  // namespace crm
