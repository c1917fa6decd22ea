#pragma once

#include "auth/HashingThreads.h"

#include <string>

namespace crm {

// bcrypt ($2b$) through libxcrypt's crypt_r, so hashes written by
// passlib/bcrypt in an existing users table keep working.
//
// A cost-12 hash takes a few hundred milliseconds of one core. Hashes run on
// `threads` low-priority threads (one per core in the server): logins get
// every idle core, and other requests are served first when both compete.
class PasswordHasher {
public:
    PasswordHasher(int cost, int threads);

    std::string hash(const std::string& password);
    // Constant-time comparison of the recomputed hash; false for any
    // malformed stored hash.
    bool verify(const std::string& password, const std::string& storedHash);
    // Spends the same time as a verify, for unknown emails (no timing oracle).
    void burn(const std::string& password);

    int cost() const { return cost_; }

private:
    std::string newSetting() const;  // "$2b$<cost>$<random salt>"

    int cost_;
    HashingThreads threads_;
    std::string dummyHash_;
};

}  // namespace crm
