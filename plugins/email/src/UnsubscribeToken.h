#pragma once

#include <optional>
#include <string>

// Signed unsubscribe tokens: base64url(email) "." hex(HMAC-SHA256(secret,
// "unsubscribe:" email)), the email lower-cased. Anyone holding one can
// unsubscribe exactly that address and nothing else.
class UnsubscribeToken {
public:
    explicit UnsubscribeToken(std::string secret) : secret_(std::move(secret)) {}

    std::string issue(const std::string& email) const;
    // The address the token names, or nothing when it is malformed or forged.
    std::optional<std::string> verify(const std::string& token) const;

private:
    std::string signature(const std::string& email) const;
    std::string secret_;
};
