#include "auth/DerivedMac.h"

#include "auth/Base64Url.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>
#include <stdexcept>

namespace crm {
namespace {

// Fixed for the life of the product: changing it changes every key, and
// every link a plugin has mailed out stops working.
constexpr std::string_view kSalt = "crm-server plugin MAC v1";

}  // namespace

// The info names the plugin, then the purpose; a plugin id holds no '|'
// (lowercase letters, digits, dashes), so no two pairs give the same info.
std::string DerivedMac::key(std::string_view pluginId, std::string_view purpose) const {
    std::string info = std::string(pluginId) + "|" + std::string(purpose);
    std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr), EVP_KDF_free);
    if (!kdf) throw std::runtime_error("OpenSSL has no HKDF");
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf.get()), EVP_KDF_CTX_free);
    if (!ctx) throw std::runtime_error("OpenSSL could not start HKDF");
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(secret_.data()), secret_.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(kSalt.data()), kSalt.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), info.size()),
        OSSL_PARAM_construct_end()};
    std::string out(32, '\0');
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(), params) != 1)
        throw std::runtime_error("HKDF failed");
    return out;
}

std::string DerivedMac::sign(std::string_view pluginId, std::string_view purpose, std::string_view message) const {
    std::string k = key(pluginId, purpose);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!HMAC(EVP_sha256(), k.data(), static_cast<int>(k.size()), reinterpret_cast<const unsigned char*>(message.data()),
              message.size(), mac, &size))
        throw std::runtime_error("HMAC failed");
    OPENSSL_cleanse(k.data(), k.size());
    return base64Url(mac, size);
}

bool DerivedMac::verify(std::string_view pluginId, std::string_view purpose, std::string_view message,
                        std::string_view mac) const {
    std::string expected = sign(pluginId, purpose, message);
    return mac.size() == expected.size() && CRYPTO_memcmp(mac.data(), expected.data(), expected.size()) == 0;
}

}  // namespace crm
