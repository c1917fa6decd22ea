#pragma once

#include <string>
#include <string_view>

namespace crm {

// A JSON string literal, quotes included, for JSON the core writes by hand
// (error bodies, log lines, statement traces).
std::string jsonString(std::string_view text);

}  // namespace crm
