#pragma once

#include <string>

namespace crm {

// The Date header's value for now (RFC 9110 IMF-fixdate), formatted once
// per second per thread: every answer carries it.
const std::string& httpDateNow();

}  // namespace crm
