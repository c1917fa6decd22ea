#pragma once

#include "api/RequestContext.h"
#include "api/StaticMount.h"

#include <string>
#include <vector>

namespace crm {

// The folders served as files (docs/static-files.md). Routes come first:
// a path no route has is looked up here before it is a 404. Files are read
// on each request, so a redeployed web app is served without a restart;
// the ETag (size and modification time) lets browsers revalidate for free.
class StaticFiles {
public:
    // Resolves the folder. Throws std::invalid_argument when it is missing,
    // when the path is malformed, lies under /api, or overlaps another mount.
    void add(StaticMount mount);

    // The mount whose path is `path` or a prefix of it, or null.
    const StaticMount* mountFor(const std::string& path) const;

    // Answers `method` on `path` (under `mount`): the file, the fallback, a
    // 304, a redirect to the mount's folder URL, or throws HttpError 404/405.
    void serve(const StaticMount& mount, const std::string& method, const std::string& path,
               const std::string& ifNoneMatch, Response& response) const;

    const std::vector<StaticMount>& mounts() const { return mounts_; }

private:
    std::vector<StaticMount> mounts_;
};

}  // namespace crm
