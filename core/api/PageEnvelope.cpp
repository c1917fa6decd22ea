#include "api/PageEnvelope.h"

#include "json/JsonString.h"

namespace crm {
namespace {

int64_t pageCount(const Request& request, int64_t total) {
    return total == 0 ? 0 : (total + request.pageSize - 1) / request.pageSize;
}

void appendItems(std::string& out, std::string_view itemsJson) {
    out += "{\"items\": ";
    out += itemsJson.empty() ? std::string_view("[]") : itemsJson;
}

}  // namespace

std::string pageEnvelope(const Request& request, std::string_view itemsJson, int64_t total) {
    std::string out;
    out.reserve(itemsJson.size() + 96);
    appendItems(out, itemsJson);
    out += ", \"total\": " + std::to_string(total) + ", \"page\": " + std::to_string(request.page) +
           ", \"page_size\": " + std::to_string(request.pageSize) + ", \"pages\": " +
           std::to_string(pageCount(request, total)) + "}";
    return out;
}

std::string keysetPageEnvelope(const Request& request, std::string_view itemsJson, int64_t total,
                               std::optional<std::string_view> nextAfter) {
    std::string out;
    out.reserve(itemsJson.size() + 160);
    appendItems(out, itemsJson);
    out += ", \"total\": " + std::to_string(total) + ", \"page\": " +
           (request.queryParam("after") ? std::string("null") : std::to_string(request.page)) +
           ", \"page_size\": " + std::to_string(request.pageSize) + ", \"pages\": " +
           std::to_string(pageCount(request, total)) +
           ", \"next_after\": " + (nextAfter ? jsonString(*nextAfter) : std::string("null")) + "}";
    return out;
}

}  // namespace crm
