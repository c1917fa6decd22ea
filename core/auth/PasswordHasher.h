#pragma once

#include <mutex>
#include <condition_variable>
#include <string>

namespace crm {

// bcrypt ($2b$) through libxcrypt's crypt_r, so hashes written by
// passlib/bcrypt in an existing users table keep working.
//
// A cost-12 hash takes about 175 ms of one core. At most `concurrency`
// hashes run at once, so a burst of logins cannot occupy every HTTP thread's
// core while other requests wait.
class PasswordHasher {
public:
    PasswordHasher(int cost, int concurrency);

    std::string hash(const std::string& password);
    // Constant-time comparison of the recomputed hash; false for any
    // malformed stored hash.
    bool verify(const std::string& password, const std::string& storedHash);
    // Spends the same time as a verify, for unknown emails (no timing oracle).
    void burn(const std::string& password);

    int cost() const { return cost_; }

private:
    class Slot;
    int cost_;
    int concurrency_;
    int running_ = 0;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::string dummyHash_;
};

}  // namespace crm
