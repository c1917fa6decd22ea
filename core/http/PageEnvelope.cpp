#include "http/PageEnvelope.h"

namespace crm {

std::string pageEnvelope(const Request& request, std::string_view itemsJson, int64_t total) {
    int64_t pages = total == 0 ? 0 : (total + request.pageSize - 1) / request.pageSize;
    std::string out;
    out.reserve(itemsJson.size() + 96);
    out += "{\"items\": ";
    out += itemsJson.empty() ? std::string_view("[]") : itemsJson;
    out += ", \"total\": " + std::to_string(total) + ", \"page\": " + std::to_string(request.page) +
           ", \"page_size\": " + std::to_string(request.pageSize) + ", \"pages\": " + std::to_string(pages) + "}";
    return out;
}

}  // namespace crm
