#pragma once

#include <cstddef>

namespace crm {

// How many connections the server keeps, and for how long it waits on each
// (docs/connections.md). Filled from Settings.
struct ConnectionLimits {
    int maxConnections = 10000;
    int maxPerClient = 1024;
    int headTimeoutSeconds = 10;      // from accept, or from the first byte after idling, to a complete head
    int keepAliveSeconds = 60;        // idle between requests
    int bodyTimeoutSeconds = 10;      // one read of a body (or one write of a response) may wait this long
    std::size_t maxHeadBytes = 16 * 1024;
};

}  // namespace crm
