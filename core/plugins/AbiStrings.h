#pragma once

#include "crm/abi.h"

#include <string>

namespace crm {

// The ABI's {data, len} views and std::string, both ways. A NULL view is
// the empty string here; callers that must tell "absent" apart check data.
inline std::string text(crm_str s) { return s.data ? std::string(s.data, s.len) : std::string(); }
inline crm_str view(const std::string& s) { return crm_str{s.data(), s.size()}; }

}  // namespace crm
