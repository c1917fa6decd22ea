#pragma once

#include "config/ConnectionLimits.h"

namespace crm {

// Raises the process's open-files soft limit to its hard limit (every open
// connection is a descriptor), and lowers limits.maxConnections when even
// the hard limit cannot hold that many beside the database sessions,
// plugins and files the server keeps open; says so in the log.
void raiseOpenFilesLimit(ConnectionLimits& limits);

}  // namespace crm
