#include "auth/RevokedTokenSet.h"

#include <functional>

namespace crm {

uint64_t RevokedTokenSet::key(std::string_view tokenId) {
    // libstdc++'s string hash is 64-bit MurmurHash: well spread over random
    // UUIDs. It only has to agree with itself inside this process.
    return std::hash<std::string_view>{}(tokenId);
}

void RevokedTokenSet::add(std::string_view tokenId, int64_t expiresAt) {
    auto [it, added] = expiresAt_.emplace(key(tokenId), expiresAt);
    if (!added && it->second < expiresAt) it->second = expiresAt;  // a collision: refuse both until the later expiry
}

bool RevokedTokenSet::contains(std::string_view tokenId) const { return expiresAt_.count(key(tokenId)) != 0; }

std::size_t RevokedTokenSet::forgetExpired(int64_t now) {
    std::size_t before = expiresAt_.size();
    for (auto it = expiresAt_.begin(); it != expiresAt_.end();)
        it = it->second <= now ? expiresAt_.erase(it) : std::next(it);
    // Buckets are never given back by erase: after a burst of logouts has
    // expired, shrink the table to what is left.
    if (expiresAt_.bucket_count() > 4 * (expiresAt_.size() + 64)) expiresAt_.rehash(0);
    return before - expiresAt_.size();
}

}  // namespace crm
