#include "http/MetricsAccess.h"

#include "api/HttpError.h"
#include "http/Authenticator.h"

#include <Poco/Net/HTTPServerRequest.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace crm {
namespace {

// Compares digests, so the time taken tells neither where the two differ
// nor how long the configured token is.
bool sameToken(const std::string& given, const std::string& expected) {
    unsigned char a[SHA256_DIGEST_LENGTH], b[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(given.data()), given.size(), a);
    SHA256(reinterpret_cast<const unsigned char*>(expected.data()), expected.size(), b);
    return CRYPTO_memcmp(a, b, sizeof a) == 0;
}

}  // namespace

MetricsAccess::MetricsAccess(const std::vector<std::string>& allow, std::string token)
    : allow_(allow, "METRICS_ALLOW"), token_(std::move(token)) {}

void MetricsAccess::admit(const Request& request) const {
    Poco::Net::IPAddress client;
    if (Poco::Net::IPAddress::tryParse(request.clientAddress, client) &&
        (unmappedAddress(client).isLoopback() || allow_.contains(client)))
        return;
    if (token_.empty()) throw Forbidden();
    std::string given = bearerToken(request.http ? request.http->get("Authorization", "") : "");
    if (given.empty()) throw HttpError::unauthenticated();
    if (!sameToken(given, token_)) throw HttpError::invalidToken();
}

}  // namespace crm
