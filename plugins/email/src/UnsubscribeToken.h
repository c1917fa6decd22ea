#pragma once

#include <crm/plugin.hpp>

#include <optional>
#include <string>

// Signed unsubscribe tokens: base64url(email) "." MAC, the email lower-cased
// and the MAC the host makes for this plugin's "unsubscribe" purpose, so the
// plugin never holds a secret. Anyone holding one can unsubscribe exactly
// that address and nothing else.
class UnsubscribeToken {
public:
    explicit UnsubscribeToken(const crm::Host& host) : host_(host) {}

    std::string issue(const std::string& email) const;
    // The address the token names, or nothing when it is malformed or forged.
    std::optional<std::string> verify(const std::string& token) const;

private:
    const crm::Host& host_;
};
