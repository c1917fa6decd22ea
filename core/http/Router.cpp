#include "http/Router.h"

#include <algorithm>
#include <stdexcept>

namespace crm {
namespace {

bool isParameter(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::vector<std::string> Router::split(const std::string& path) {
    std::vector<std::string> segments;
    std::size_t start = 1;
    if (path.empty() || path[0] != '/') return {"\x01invalid"};
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        std::string segment = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (slash == std::string::npos) {
            if (!segment.empty()) segments.push_back(segment);  // a trailing slash adds nothing
            break;
        }
        if (segment.empty()) return {"\x01invalid"};  // "//" matches no route
        segments.push_back(segment);
        start = slash + 1;
    }
    return segments;
}

const Route& Router::add(Route route) {
    auto segments = split(route.path);
    if (!segments.empty() && segments[0] == "\x01invalid")
        throw std::invalid_argument("route path '" + route.path + "' must start with / and have no empty segment");
    for (const auto& s : segments)
        if (s.find('{') != std::string::npos && !isParameter(s))
            throw std::invalid_argument("route path '" + route.path + "': a parameter must be a whole segment like {id}");
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        if (routes_[i].method != route.method || segments_[i].size() != segments.size()) continue;
        bool same = true;
        for (std::size_t j = 0; j < segments.size() && same; ++j)
            same = (isParameter(segments[j]) && isParameter(segments_[i][j])) || segments[j] == segments_[i][j];
        if (same)
            throw std::invalid_argument(route.method + " " + route.path + " is already registered by " + routes_[i].owner);
    }
    routes_.push_back(std::move(route));
    segments_.push_back(std::move(segments));
    return routes_.back();
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
    Match result;
    auto wanted = split(path);
    // Score: for each position, whether the template had a literal there.
    // The lexicographically greatest score wins (literals before parameters).
    std::vector<bool> bestScore;
    std::vector<bool> bestAnyScore;
    std::size_t anyIndex = routes_.size();
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        const auto& templ = segments_[i];
        if (templ.size() != wanted.size()) continue;
        std::vector<bool> score(templ.size());
        bool ok = true;
        for (std::size_t j = 0; j < templ.size() && ok; ++j) {
            if (isParameter(templ[j])) score[j] = false;
            else if (templ[j] == wanted[j]) score[j] = true;
            else ok = false;
        }
        if (!ok) continue;
        if (anyIndex == routes_.size() || score > bestAnyScore) {
            anyIndex = i;
            bestAnyScore = score;
        }
        if (routes_[i].method == method && (!result.route || score > bestScore)) {
            result.route = &routes_[i];
            bestScore = score;
        }
    }
    if (result.route) {
        auto templ = split(result.route->path);
        for (std::size_t j = 0; j < templ.size(); ++j)
            if (isParameter(templ[j])) result.params.emplace_back(templ[j].substr(1, templ[j].size() - 2), wanted[j]);
        return result;
    }
    if (anyIndex != routes_.size()) {
        // Methods of every template that matches this path as well as the best one does.
        for (std::size_t i = 0; i < routes_.size(); ++i) {
            if (segments_[i] != segments_[anyIndex]) continue;
            if (std::find(result.allowedMethods.begin(), result.allowedMethods.end(), routes_[i].method) == result.allowedMethods.end())
                result.allowedMethods.push_back(routes_[i].method);
        }
    }
    return result;
}

}  // namespace crm
