#include "api/Router.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
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
    if (segments.size() >= 64) throw std::invalid_argument("route path '" + route.path + "' has more than 63 segments");
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
    if (bySize_.size() <= segments.size()) bySize_.resize(segments.size() + 1);
    bySize_[segments.size()].push_back(routes_.size());
    routes_.push_back(std::move(route));
    segments_.push_back(std::move(segments));
    return routes_.back();
}

namespace {

// The request path's segments as views into it; false when it has an
// empty segment ("//") or does not start with '/': such a path has no route.
bool splitViews(std::string_view path, std::vector<std::string_view>& segments) {
    if (path.empty() || path[0] != '/') return false;
    std::size_t start = 1;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            if (start < path.size()) segments.push_back(path.substr(start));  // a trailing slash adds nothing
            return true;
        }
        if (slash == start) return false;
        segments.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return true;
}

// How well a template fits: one bit per position, most significant first,
// set where the template has a literal. The greatest score wins, so a
// literal beats a parameter at the first position where two templates
// differ (/schedule/unassigned over /schedule/{id}). Templates are far
// shorter than 64 segments (add() refuses longer ones).
using Score = std::uint64_t;
constexpr Score kNoMatch = ~Score(0);

Score scoreOf(const std::vector<std::string>& templ, const std::vector<std::string_view>& wanted) {
    if (templ.size() != wanted.size()) return kNoMatch;
    Score score = 0;
    for (std::size_t j = 0; j < templ.size(); ++j) {
        const bool literal = !isParameter(templ[j]);
        if (literal && templ[j] != wanted[j]) return kNoMatch;
        if (literal) score |= Score(1) << (63 - j);
    }
    return score;
}

}  // namespace

Router::Match Router::match(const std::string& method, const std::string& path) const {
    // Every request is routed: views instead of copies, and no allocation
    // per template tried.
    Match result;
    std::vector<std::string_view> wanted;
    wanted.reserve(8);
    if (!splitViews(path, wanted) || wanted.size() >= bySize_.size()) return result;
    const auto& candidates = bySize_[wanted.size()];
    std::size_t best = routes_.size(), bestAny = routes_.size();
    Score bestScore = 0, bestAnyScore = 0;
    for (std::size_t i : candidates) {
        Score score = scoreOf(segments_[i], wanted);
        if (score == kNoMatch) continue;
        if (bestAny == routes_.size() || score > bestAnyScore) {
            bestAny = i;
            bestAnyScore = score;
        }
        if (routes_[i].method == method && (best == routes_.size() || score > bestScore)) {
            best = i;
            bestScore = score;
        }
    }
    if (best != routes_.size()) {
        result.route = &routes_[best];
        const auto& templ = segments_[best];
        for (std::size_t j = 0; j < templ.size(); ++j)
            if (isParameter(templ[j])) result.params.emplace_back(templ[j].substr(1, templ[j].size() - 2), wanted[j]);
        return result;
    }
    if (bestAny != routes_.size()) {
        // Methods of every template that matches this path as well as the best one does.
        for (std::size_t i : candidates) {
            if (segments_[i] != segments_[bestAny]) continue;
            if (std::find(result.allowedMethods.begin(), result.allowedMethods.end(), routes_[i].method) == result.allowedMethods.end())
                result.allowedMethods.push_back(routes_[i].method);
        }
    }
    return result;
}

}  // namespace crm
