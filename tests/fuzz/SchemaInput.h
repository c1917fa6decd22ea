#pragma once

// The input of the validators' fuzz targets: a route schema on the first
// line, then the part of a request it validates (a body, a target), and
// how they tell a refused request from a bug.

#include "FuzzInput.h"

#include "api/HttpError.h"
#include "api/RouteSchema.h"

#include <optional>
#include <stdexcept>
#include <string>

namespace crm::fuzz {

struct SchemaInput {
    RouteSchema schema;
    std::string rest;
};

// Nothing when the first line is not a schema registration would accept.
inline std::optional<SchemaInput> schemaInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto newline = text.find('\n');
    SchemaInput input;
    if (newline != std::string::npos) input.rest = text.substr(newline + 1);
    try {
        input.schema = RouteSchema::parse(text.substr(0, newline));
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
    return input;
}

// What parse() returns, or nothing when it refuses the request the way the
// server answers a client's mistake: HttpError 400. Another status is a bug.
template <typename Parse>
auto unlessRefused(Parse parse) -> std::optional<decltype(parse())> {
    try {
        return parse();
    } catch (const HttpError& e) {
        if (e.status() != 400) broken("a malformed request is answered 400");
        return std::nullopt;
    }
}

}  // namespace crm::fuzz
