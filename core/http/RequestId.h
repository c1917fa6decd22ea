#pragma once

#include <string>

namespace crm {

// A new request id: a random (version 4) UUID in its usual text form. It
// names a request in logs and answers; it is no secret, so a per-thread
// generator seeded once from the system's random source makes it, instead
// of a read of /dev/urandom per request.
std::string newRequestId();

}  // namespace crm
