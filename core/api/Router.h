#pragma once

#include "api/Route.h"

#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace crm {

// Maps method + path to a route. Templates have literal and {param}
// segments; a literal beats a parameter at the same position, so
// /schedule/unassigned wins over /schedule/{id}. A trailing slash is
// ignored. Registering the same method and template twice is an error.
class Router {
public:
    struct Match {
        const Route* route = nullptr;
        std::vector<std::pair<std::string, std::string>> params;
        std::vector<std::string> allowedMethods;  // when the path exists but the method does not
    };

    // Throws std::invalid_argument on a malformed template or a duplicate.
    const Route& add(Route route);

    Match match(const std::string& method, const std::string& path) const;

    const std::deque<Route>& routes() const { return routes_; }

    static std::vector<std::string> split(const std::string& path);

private:
    std::deque<Route> routes_;  // stable addresses
    std::vector<std::vector<std::string>> segments_;
    // Indices of the routes with each number of segments, in the order they
    // were added: a path is only compared with templates as long as it.
    std::vector<std::vector<std::size_t>> bySize_;
};

}  // namespace crm
