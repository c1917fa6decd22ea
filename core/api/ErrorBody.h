#pragma once

#include "api/ValidationIssue.h"
#include "json/JsonString.h"

#include <string>
#include <string_view>
#include <vector>

namespace crm {

// The contract's error bodies, built in this one place.
std::string detailBody(std::string_view detail);              // {"detail": "..."}
std::string validationBody(const std::vector<ValidationIssue>& issues);  // {"detail": [{loc, msg, type}]}

}  // namespace crm
