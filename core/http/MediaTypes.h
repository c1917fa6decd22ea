#pragma once

#include <string>

namespace crm {

// The Content-Type of a static file, by its extension (case-insensitive);
// application/octet-stream for anything unknown, which browsers download
// rather than render.
std::string mediaTypeOfFile(const std::string& fileName);

}  // namespace crm
