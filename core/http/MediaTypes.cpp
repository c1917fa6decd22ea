#include "http/MediaTypes.h"

#include <Poco/String.h>

#include <map>

namespace crm {

std::string mediaTypeOfFile(const std::string& fileName) {
    // The types a built web app ships; text is always UTF-8.
    static const std::map<std::string, std::string> kTypes = {
        {"html", "text/html; charset=utf-8"},   {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"}, {"css", "text/css; charset=utf-8"},
        {"json", "application/json"},           {"map", "application/json"},
        {"svg", "image/svg+xml"},               {"png", "image/png"},
        {"jpg", "image/jpeg"},                  {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},                   {"webp", "image/webp"},
        {"ico", "image/x-icon"},                {"woff", "font/woff"},
        {"woff2", "font/woff2"},                {"ttf", "font/ttf"},
        {"txt", "text/plain; charset=utf-8"},   {"webmanifest", "application/manifest+json"},
    };
    auto dot = fileName.rfind('.');
    if (dot == std::string::npos || fileName.find('/', dot) != std::string::npos) return "application/octet-stream";
    auto found = kTypes.find(Poco::toLower(fileName.substr(dot + 1)));
    return found == kTypes.end() ? "application/octet-stream" : found->second;
}

}  // namespace crm
