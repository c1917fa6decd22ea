#include "api/RequestContext.h"

namespace {

const std::string* find(const std::vector<std::pair<std::string, std::string>>& pairs, const std::string& name) {
    // The last occurrence wins, as in most frameworks' query parsing.
    const std::string* found = nullptr;
    for (const auto& [key, value] : pairs)
        if (key == name) found = &value;
    return found;
}

}  // namespace

const std::string* crm_request::pathParam(const std::string& name) const { return find(pathParams, name); }
const std::string* crm_request::queryParam(const std::string& name) const { return find(query, name); }
