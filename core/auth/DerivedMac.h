#pragma once

#include <string>
#include <string_view>

namespace crm {

// MACs for plugins, under keys derived from the server's secret with
// HKDF-SHA256 (RFC 5869): one key per plugin and purpose. A plugin gets
// MACs, never a key, so no plugin can forge the core's tokens or another
// plugin's, and a leaked plugin token says nothing about the secret.
class DerivedMac {
public:
    explicit DerivedMac(std::string secret) : secret_(std::move(secret)) {}

    // HMAC-SHA256 of `message`, base64url without padding (43 characters).
    std::string sign(std::string_view pluginId, std::string_view purpose, std::string_view message) const;
    // Whether `mac` is sign()'s answer, compared in constant time.
    bool verify(std::string_view pluginId, std::string_view purpose, std::string_view message, std::string_view mac) const;

private:
    std::string key(std::string_view pluginId, std::string_view purpose) const;

    std::string secret_;
};

}  // namespace crm
