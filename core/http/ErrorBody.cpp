#include "http/ErrorBody.h"

#include <cstdio>

namespace crm {

std::string jsonString(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (unsigned char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                out += escaped;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

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
