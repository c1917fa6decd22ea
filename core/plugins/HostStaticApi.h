#pragma once

#include "crm/abi.h"

// static_mount (ABI 1.4): a plugin's folder of files served at a URL path
// its plugin.json declares. The mount itself is checked and registered by
// StaticFiles once init succeeds (PluginHost).
namespace crm::hostapi {

int staticMount(crm_host* host, const crm_static_mount* mount);

}  // namespace crm::hostapi
