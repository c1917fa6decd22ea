#pragma once

#include <string>
#include <utility>
#include <vector>

namespace crm {

// The path and query parameters of a request line's target
// ("/api/v2/customers?page=2&sort=name"), percent-decoded as POCO's URI
// decodes them, '+' in the query read as a space. Query parameters keep
// their order and repeats; the last of a name wins (crm_request::queryParam).
struct RequestTarget {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;

    // Throws HttpError (400) when the target is malformed (bad
    // percent-encoding, say).
    static RequestTarget parse(const std::string& target);
};

}  // namespace crm
