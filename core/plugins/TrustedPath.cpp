#include "plugins/TrustedPath.h"

#include "plugins/PluginError.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace crm {
namespace {

std::string octal(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

// Owned by root or the server's account; a link's own mode means nothing.
void requireTrusted(const struct stat& info, const std::string& path, const std::string& what) {
    if (info.st_uid != 0 && info.st_uid != ::geteuid())
        throw PluginError(what + " " + path + " is owned by uid " + std::to_string(info.st_uid) +
                          ", not by root or the account crm-server runs as (uid " + std::to_string(::geteuid()) +
                          "); refusing to load it (chown it to one of them)");
    if (!S_ISLNK(info.st_mode) && (info.st_mode & (S_IWGRP | S_IWOTH)))
        throw PluginError(what + " " + path + " can be written by " + ((info.st_mode & S_IWOTH) ? "anyone" : "its group") +
                          " (mode " + octal(info.st_mode) + "); refusing to load it (chmod go-w " + path + ")");
}

}  // namespace

void requireTrustedPath(const std::string& path, const std::string& what) {
    struct stat info {};
    auto examine = [&](int (*call)(const char*, struct stat*)) {
        if (call(path.c_str(), &info) != 0)
            throw PluginError(what + " " + path + " cannot be checked: " + std::strerror(errno));
        requireTrusted(info, path, what);
    };
    // A symbolic link is trusted only if whoever could re-point it (its
    // owner) is trusted too, and then what it points at is judged.
    examine(::lstat);
    if (S_ISLNK(info.st_mode)) examine(::stat);
}

}  // namespace crm
