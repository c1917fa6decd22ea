#include "api/ErrorBody.h"


namespace crm {

std::string detailBody(std::string_view detail) { return "{\"detail\": " + jsonString(detail) + "}"; }

std::string validationBody(const std::vector<ValidationIssue>& issues) {
    std::string out = "{\"detail\": [";
    for (std::size_t i = 0; i < issues.size(); ++i) {
        const auto& issue = issues[i];
        if (i) out += ", ";
        out += "{\"loc\": [" + jsonString(issue.location);
        // A nested field "audience.region" is the path ["audience", "region"].
        for (std::size_t start = 0; !issue.field.empty() && start <= issue.field.size();) {
            auto dot = issue.field.find('.', start);
            out += ", " + jsonString(std::string_view(issue.field).substr(start, dot == std::string::npos ? std::string::npos : dot - start));
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
        out += "], \"msg\": " + jsonString(issue.message) + ", \"type\": " + jsonString(issue.type) + "}";
    }
    return out + "]}";
}

}  // namespace crm
