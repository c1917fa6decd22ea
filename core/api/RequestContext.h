#pragma once

// The request and response a handler sees. They are the definitions of the
// opaque crm_request and crm_response handles of the plugin ABI, so the
// core's own handlers and plugin handlers share one representation.

#include "api/ValidationIssue.h"
#include "crm/abi.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace crm {

struct Principal {
    int64_t userId = 0;
    std::string role;
    std::optional<int64_t> technicianId;
    std::string tokenId;   // jti
    std::string family;    // the login this token descends from (fam), when it has one
    int64_t expiresAt = 0; // exp, seconds since the epoch
};

struct LastDbError {
    std::string sqlstate;
    std::string message;
    std::string constraint;
};

}  // namespace crm

struct crm_request {
    std::string requestId;
    std::string method;
    std::string path;
    std::string clientAddress;
    std::vector<std::pair<std::string, std::string>> pathParams;
    std::vector<std::pair<std::string, std::string>> query;
    const Poco::Net::HTTPServerRequest* http = nullptr;
    std::string body;  // validated and normalised JSON object, empty when the route takes none
    std::optional<crm::Principal> principal;
    int64_t page = 1;
    int64_t pageSize = 50;
    int statements = 0;
    std::optional<crm::LastDbError> lastDbError;
    std::string plugin;          // the owner of the route serving it, once routed
    bool failureLogged = false;  // a plugin, or the host API on its behalf, logged this request's failure

    const std::string* pathParam(const std::string& name) const;
    const std::string* queryParam(const std::string& name) const;
};

struct crm_response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::vector<crm::ValidationIssue> issues;

    void json(std::string text, int code = 200) {
        status = code;
        body = std::move(text);
    }
};

namespace crm {
using Request = crm_request;
using Response = crm_response;
}  // namespace crm
