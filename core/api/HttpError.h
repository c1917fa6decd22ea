#pragma once

#include "api/ValidationIssue.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace crm {

// The errors a core handler or a pipeline stage throws, rendered in one
// place (the pipeline, with ErrorBody). They are named and mean what the
// plugin SDK's are (sdk/include/crm/plugin.hpp: HttpError, NotFound,
// Conflict, Forbidden, Invalid), so the core's routes and the plugins' speak
// one vocabulary; the core's may also carry headers (WWW-Authenticate,
// Retry-After).

// An error answer with {"detail": "..."}.
class HttpError : public std::runtime_error {
public:
    HttpError(int status, const std::string& detail, std::vector<std::pair<std::string, std::string>> headers = {})
        : std::runtime_error(detail), status_(status), headers_(std::move(headers)) {}
    int status() const noexcept { return status_; }
    const std::vector<std::pair<std::string, std::string>>& headers() const noexcept { return headers_; }

    static HttpError unauthenticated() { return HttpError(401, "Not authenticated", {{"WWW-Authenticate", "Bearer"}}); }
    static HttpError invalidToken() { return HttpError(401, "Invalid token", {{"WWW-Authenticate", "Bearer"}}); }

private:
    int status_;
    std::vector<std::pair<std::string, std::string>> headers_;
};

struct NotFound : HttpError {
    explicit NotFound(const std::string& detail) : HttpError(404, detail) {}
};
struct Conflict : HttpError {
    explicit Conflict(const std::string& detail) : HttpError(409, detail) {}
};
struct Forbidden : HttpError {
    Forbidden() : HttpError(403, "Not enough permissions") {}
};
// 429: `detail` says how long to wait, and Retry-After says it to machines.
struct TooManyRequests : HttpError {
    TooManyRequests(const std::string& detail, int retryAfterSeconds)
        : HttpError(429, detail, {{"Retry-After", std::to_string(retryAfterSeconds)}}) {}
};

// A 422 with one entry per problem, in the contract's {loc, msg, type} shape.
class Invalid : public std::runtime_error {
public:
    explicit Invalid(std::vector<ValidationIssue> issues)
        : std::runtime_error("validation failed"), issues_(std::move(issues)) {}
    Invalid(std::string location, std::string field, std::string message, std::string type)
        : Invalid(std::vector<ValidationIssue>{{std::move(location), std::move(field), std::move(message), std::move(type)}}) {}
    void add(std::string location, std::string field, std::string message, std::string type) {
        issues_.push_back({std::move(location), std::move(field), std::move(message), std::move(type)});
    }
    const std::vector<ValidationIssue>& issues() const noexcept { return issues_; }

private:
    std::vector<ValidationIssue> issues_;
};

}  // namespace crm
