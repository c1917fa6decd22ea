#include "http/StaticFiles.h"

#include "api/HttpError.h"
#include "http/MediaTypes.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace crm {
namespace {

// A page served here runs in the API's origin: it may load only its own
// scripts and talk only to this server, and no other site may frame it.
// Inline styles stay allowed: React and Swagger UI set style attributes.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

std::string canonical(const std::string& path) {
    std::unique_ptr<char, decltype(&std::free)> resolved(realpath(path.c_str(), nullptr), &std::free);
    return resolved ? std::string(resolved.get()) : std::string();
}

// The path below the mount as folder names, or false when any part could
// reach outside it or at something hidden: "..", ".", an empty part,
// a dot file (.git, .env), a backslash, a control character.
bool safeParts(const std::string& relative, std::vector<std::string>& parts) {
    std::stringstream in(relative);
    std::string part;
    while (std::getline(in, part, '/')) {
        if (part.empty() || part[0] == '.') return false;
        for (unsigned char c : part)
            if (c < 0x20 || c == 0x7f || c == '\\') return false;
        parts.push_back(part);
    }
    return true;
}

bool regularFile(const std::string& path, struct stat& info) {
    return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::string entityTag(const struct stat& info) {
    std::ostringstream tag;
    tag << '"' << std::hex << info.st_size << '-' << info.st_mtim.tv_sec << '.' << info.st_mtim.tv_nsec << '"';
    return tag.str();
}

bool matchesTag(const std::string& ifNoneMatch, const std::string& tag) {
    if (ifNoneMatch.empty()) return false;
    if (ifNoneMatch == "*") return true;
    // A list of tags; a weak one ("W/...") matches too (RFC 9110 13.1.2).
    std::stringstream in(ifNoneMatch);
    std::string each;
    while (std::getline(in, each, ',')) {
        auto start = each.find_first_not_of(" \t");
        auto end = each.find_last_not_of(" \t");
        if (start == std::string::npos) continue;
        std::string candidate = each.substr(start, end - start + 1);
        if (candidate.rfind("W/", 0) == 0) candidate = candidate.substr(2);
        if (candidate == tag) return true;
    }
    return false;
}

std::string readWhole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw NotFound("Not Found");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

void StaticFiles::add(StaticMount mount) {
    const std::string& url = mount.urlPath;
    if (url.size() < 2 || url[0] != '/' || url.back() == '/' || url.find("//") != std::string::npos ||
        url.find("/.") != std::string::npos)
        throw std::invalid_argument("static path '" + url + "' must start with / and not end with one, like /console");
    if (url == "/api" || url.rfind("/api/", 0) == 0)
        throw std::invalid_argument("static path '" + url + "' is under /api, which only routes serve");
    for (const auto& other : mounts_) {
        const std::string& a = other.urlPath;
        if (a == url || url.rfind(a + "/", 0) == 0 || a.rfind(url + "/", 0) == 0)
            throw std::invalid_argument("static path '" + url + "' of " + mount.owner + " overlaps '" + a + "' of " +
                                        other.owner);
    }
    std::string resolved = canonical(mount.directory);
    struct stat info {};
    if (resolved.empty() || stat(resolved.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        throw std::invalid_argument("static folder " + mount.directory + " of " + mount.owner + " (for " + url +
                                    ") does not exist");
    mount.directory = resolved;
    if (!mount.spaFallback.empty() && !regularFile(resolved + "/" + mount.spaFallback, info))
        throw std::invalid_argument("static fallback " + mount.spaFallback + " of " + mount.owner + " is not a file in " +
                                    resolved);
    mounts_.push_back(std::move(mount));
}

const StaticMount* StaticFiles::mountFor(const std::string& path) const {
    for (const auto& mount : mounts_)
        if (path == mount.urlPath || path.rfind(mount.urlPath + "/", 0) == 0) return &mount;
    return nullptr;
}

void StaticFiles::serve(const StaticMount& mount, const std::string& method, const std::string& path,
                        const std::string& ifNoneMatch, Response& response) const {
    if (method != "GET" && method != "HEAD") throw HttpError(405, "Method Not Allowed", {{"Allow", "GET, HEAD"}});
    // The folder's own URL ends in a slash, so the page's relative links
    // resolve inside it.
    if (path == mount.urlPath) {
        response.status = 308;
        response.headers.emplace_back("Location", mount.urlPath + "/");
        response.body.clear();
        return;
    }
    std::string relative = path.substr(mount.urlPath.size() + 1);
    std::vector<std::string> parts;
    if (!relative.empty() && !safeParts(relative.back() == '/' ? relative.substr(0, relative.size() - 1) : relative, parts))
        throw NotFound("Not Found");
    std::string file = mount.directory;
    for (const auto& part : parts) file += "/" + part;
    bool folderUrl = relative.empty() || relative.back() == '/';
    if (folderUrl) file += "/index.html";

    struct stat info {};
    std::string served = canonical(file);
    bool inside = !served.empty() && served.rfind(mount.directory + "/", 0) == 0;  // no link leads out
    if (!inside || !regularFile(served, info)) {
        // A single-page app's own routes (/console/board) have no file:
        // they get the app, which reads its route from the URL.
        bool appRoute = !mount.spaFallback.empty() && (parts.empty() || parts.back().find('.') == std::string::npos);
        if (!appRoute) throw NotFound("Not Found");
        served = mount.directory + "/" + mount.spaFallback;
        if (!regularFile(served, info)) throw NotFound("Not Found");
    }

    std::string tag = entityTag(info);
    bool immutable = !mount.immutableDir.empty() && served.rfind(mount.directory + "/" + mount.immutableDir + "/", 0) == 0;
    response.headers.emplace_back("ETag", tag);
    response.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    if (matchesTag(ifNoneMatch, tag)) {
        response.status = 304;
        response.body.clear();
        return;
    }
    response.status = 200;
    response.headers.emplace_back("Content-Type", mediaTypeOfFile(served));
    response.body = readWhole(served);
}

}  // namespace crm
