// The router: lines "METHOD TEMPLATE" register routes up to the first
// empty line; each line after it, "METHOD PATH", is matched. Registration
// may refuse a template (std::invalid_argument); matching never throws.
// A match has the method asked for and one value per {parameter} of its
// template, in order, each a whole non-empty segment; a miss lists allowed
// methods only when another method would have matched.

#include "FuzzInput.h"

#include "api/Router.h"

#include <sstream>
#include <stdexcept>

using namespace crm;

namespace {

std::pair<std::string, std::string> methodAndPath(const std::string& line) {
    auto space = line.find(' ');
    if (space == std::string::npos) return {line, ""};
    return {line.substr(0, space), line.substr(space + 1)};
}

void checkMatch(const Router::Match& match, const std::string& method) {
    if (!match.route) {
        for (const auto& allowed : match.allowedMethods)
            if (allowed == method) fuzz::broken("a method that is allowed on a path matches it");
        return;
    }
    if (match.route->method != method) fuzz::broken("a match has the method asked for");
    std::size_t index = 0;
    for (const auto& segment : Router::split(match.route->path)) {
        if (segment.front() != '{') continue;
        if (index >= match.params.size() || match.params[index].first != segment.substr(1, segment.size() - 2))
            fuzz::broken("a match names its template's parameters in order");
        const std::string& value = match.params[index].second;
        if (value.empty() || value.find('/') != std::string::npos) fuzz::broken("a parameter is one whole segment");
        ++index;
    }
    if (index != match.params.size()) fuzz::broken("a match has one value per parameter");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
    Router router;
    std::string line;
    while (std::getline(lines, line) && !line.empty()) {
        auto [method, path] = methodAndPath(line);
        Route route;
        route.method = method;
        route.path = path;
        route.owner = "fuzz";
        try {
            router.add(std::move(route));
        } catch (const std::invalid_argument&) {
            continue;  // refused, as at start-up: the routes registered so far stay
        }
    }
    while (std::getline(lines, line)) {
        auto [method, path] = methodAndPath(line);
        checkMatch(router.match(method, path), method);
    }
    return 0;
}
