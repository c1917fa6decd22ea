#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace crm {

// The revoked access-token ids (jti) this process refuses, each until its
// token's own expiry. Not thread-safe: RevocationList holds the lock.
//
// Every logout adds one, and a token lives a day by default, so the set is
// sized by logouts per day: it keeps a 64-bit hash of the jti instead of
// the 36-character string, about 40 bytes an entry instead of about 120
// (no string object, no heap block for its characters, no cached hash).
// A collision can only refuse a token that was not revoked, never accept
// one that was; jtis are random UUIDs we signed, so with a million
// revocations held the chance per token is about one in 10^13.
class RevokedTokenSet {
public:
    void add(std::string_view tokenId, int64_t expiresAt);
    bool contains(std::string_view tokenId) const;
    // Drops the entries whose token has expired at `now` (epoch seconds);
    // returns how many.
    std::size_t forgetExpired(int64_t now);
    std::size_t size() const { return expiresAt_.size(); }

private:
    static uint64_t key(std::string_view tokenId);

    std::unordered_map<uint64_t, int64_t> expiresAt_;  // hash of jti -> exp
};

}  // namespace crm
