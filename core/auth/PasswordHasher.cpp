#include "auth/PasswordHasher.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace crm {

namespace {

// bcrypt reads at most the first 72 bytes of a password; libxcrypt refuses
// one of CRYPT_MAX_PASSPHRASE_SIZE bytes or more, which a valid password (up
// to 1024 characters, up to 4 bytes each) can be. Cutting it to 72 bytes
// first gives the hash bcrypt computes anyway, for any length.
constexpr std::size_t kBcryptBytes = 72;

std::string cryptWith(const std::string& password, const std::string& setting) {
    auto data = std::make_unique<crypt_data>();
    std::memset(data.get(), 0, sizeof(crypt_data));
    const char* out = crypt_r(password.substr(0, kBcryptBytes).c_str(), setting.c_str(), data.get());
    if (!out || out[0] == '*') return {};
    return out;
}

}  // namespace

// A bcrypt hash nobody's password matches, at the configured cost: a salt
// and 31 characters of digest. Checking against it costs what a real check
// does, and making it costs nothing (no hashing at start-up).
PasswordHasher::PasswordHasher(int cost, int threads)
    : cost_(cost), threads_(threads), dummyHash_(newSetting() + std::string(31, 'O')) {}

std::string PasswordHasher::newSetting() const {
    unsigned char random[16];
    if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("no randomness for a password salt");
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost_), reinterpret_cast<const char*>(random), sizeof random,
                          setting, sizeof setting))
        throw std::runtime_error("crypt_gensalt_rn refused bcrypt");
    return setting;
}

std::string PasswordHasher::hash(const std::string& password) {
    std::string setting = newSetting();
    std::string hashed = threads_.run([&] { return cryptWith(password, setting); });
    if (hashed.empty()) throw std::runtime_error("crypt_r failed to hash a password");
    return hashed;
}

bool PasswordHasher::verify(const std::string& password, const std::string& storedHash) {
    if (storedHash.rfind("$2", 0) != 0) return false;
    std::string recomputed = threads_.run([&] { return cryptWith(password, storedHash); });
    return !recomputed.empty() && recomputed.size() == storedHash.size() &&
           CRYPTO_memcmp(recomputed.data(), storedHash.data(), storedHash.size()) == 0;
}

void PasswordHasher::burn(const std::string& password) { verify(password, dummyHash_); }

}  // namespace crm
