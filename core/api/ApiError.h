#pragma once

#include "api/ValidationIssue.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace crm {

// An error answer with {"detail": "..."}; thrown by core handlers and the
// pipeline's stages, rendered in one place (ErrorBody).
class ApiError : public std::runtime_error {
public:
    ApiError(int status, const std::string& detail,
             std::vector<std::pair<std::string, std::string>> headers = {})
        : std::runtime_error(detail), status_(status), headers_(std::move(headers)) {}
    int status() const noexcept { return status_; }
    const std::vector<std::pair<std::string, std::string>>& headers() const noexcept { return headers_; }

    static ApiError unauthenticated() { return ApiError(401, "Not authenticated", {{"WWW-Authenticate", "Bearer"}}); }
    static ApiError invalidToken() { return ApiError(401, "Invalid token", {{"WWW-Authenticate", "Bearer"}}); }
    static ApiError forbidden() { return ApiError(403, "Not enough permissions"); }

private:
    int status_;
    std::vector<std::pair<std::string, std::string>> headers_;
};

// A 422 with one entry per problem.
class ValidationFailed : public std::runtime_error {
public:
    explicit ValidationFailed(std::vector<ValidationIssue> issues)
        : std::runtime_error("validation failed"), issues_(std::move(issues)) {}
    ValidationFailed(std::string location, std::string field, std::string message, std::string type)
        : ValidationFailed(std::vector<ValidationIssue>{{std::move(location), std::move(field), std::move(message), std::move(type)}}) {}
    const std::vector<ValidationIssue>& issues() const noexcept { return issues_; }

private:
    std::vector<ValidationIssue> issues_;
};

}  // namespace crm
