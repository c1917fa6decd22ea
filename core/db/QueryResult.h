#pragma once

#include <libpq-fe.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

namespace crm {

// The rows of one statement, every value in PostgreSQL's text form.
class QueryResult {
public:
    explicit QueryResult(PGresult* result) : result_(result, &PQclear) {}

    std::size_t rows() const { return static_cast<std::size_t>(PQntuples(result_.get())); }
    std::size_t columns() const { return static_cast<std::size_t>(PQnfields(result_.get())); }
    bool empty() const { return rows() == 0; }
    bool isNull(std::size_t row, std::size_t column) const {
        return PQgetisnull(result_.get(), static_cast<int>(row), static_cast<int>(column)) != 0;
    }
    std::string_view text(std::size_t row, std::size_t column) const {
        return std::string_view(PQgetvalue(result_.get(), static_cast<int>(row), static_cast<int>(column)),
                                static_cast<std::size_t>(PQgetlength(result_.get(), static_cast<int>(row), static_cast<int>(column))));
    }
    std::optional<std::string_view> value(std::size_t row, std::size_t column) const {
        if (row >= rows() || column >= columns() || isNull(row, column)) return std::nullopt;
        return text(row, column);
    }
    long long integer(std::size_t row, std::size_t column) const;

private:
    std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

}  // namespace crm
