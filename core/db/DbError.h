#pragma once

#include <stdexcept>
#include <string>

namespace crm {

// A statement failed. sqlstate is PostgreSQL's five-character code; the
// request pipeline maps constraint violations to 409/422 and the rest to 500.
class DbError : public std::runtime_error {
public:
    DbError(std::string sqlstate, const std::string& message, std::string constraintName)
        : std::runtime_error(message), sqlstate_(std::move(sqlstate)), constraint_(std::move(constraintName)) {}
    const std::string& sqlstate() const noexcept { return sqlstate_; }
    const std::string& constraintName() const noexcept { return constraint_; }

private:
    std::string sqlstate_;
    std::string constraint_;
};

// The database is unreachable or no pooled session was free in time: 503.
class DbUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace crm
