#pragma once

#include "api/RouteResponses.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

enum class FieldType { Integer, String, Email, Boolean, Date, Time, Enum, EnumList, StringArray, Color, Object };

// One declared parameter or body field. For strings, minLength/maxLength
// apply after trimming; for integers, minimum/maximum bound the value; for
// string arrays they bound each item, and maxItems the count.
struct FieldSpec {
    std::string name;
    FieldType type = FieldType::String;
    bool required = false;
    bool nullable = false;
    bool trim = true;  // false for passwords: every character counts
    bool multiline = false;  // tab and line breaks allowed (notes, descriptions, message bodies)
    std::optional<int64_t> minimum;
    std::optional<int64_t> maximum;
    std::optional<std::size_t> minLength;
    std::optional<std::size_t> maxLength;
    std::optional<std::size_t> maxItems;
    std::vector<std::string> values;  // Enum and EnumList
    std::vector<FieldSpec> properties; // Object: its fields, named "parent.child"

    static FieldSpec named(std::string name, FieldType type = FieldType::String) {
        FieldSpec spec;
        spec.name = std::move(name);
        spec.type = type;
        return spec;
    }
};

// What a route declares about its input (docs/plugin-sdk.md):
// {"path": {...}, "query": {...}, "body": {...}, "paginated": true,
//  "sort": ["name", "created_at"], "form": true, "long_read": true, "keyset": true}
// "keyset" (with "paginated") lets the list take `after`, the cursor the
// previous page's envelope gave as `next_after`, instead of `page`: a deep
// page then costs what the first one costs (docs/pagination.md).
// "long_read" marks a read that may take long (a report over a year, a
// search): such requests share at most DB_LONG_READ_SHARE of the database
// sessions. true, or the query parameters whose presence makes it one
// (["search"]).
// Each field: {"type": "integer|string|email|boolean|date|time|enum|enum_list|
// string_array|color|object", "properties" (object), "required", "nullable", "minimum", "maximum",
// "minLength", "maxLength", "maxItems", "values", "trim", "multiline"}. Every
// string must be valid UTF-8 without NUL; one that is not "multiline" has no
// control characters at all.
//
// What a route answers, for the OpenAPI document (RouteResponses.h; keys
// beside the ones above, all optional; docs/plugin-sdk.md):
//  "status": 201            the success status (default 200; 204 has no body)
//  "responses": {"200": S}  status -> JSON Schema S of that answer's body: the
//                           success one, and any other the handler answers
//                           ("409": {"$ref": "#/components/schemas/Error"});
//                           one the document would list anyway is replaced
//  "items": S               a paginated route's item schema (the envelope is
//                           the host's); "envelope": {"start_date": S} adds
//                           fields beside the page's
//  "schemas": {"Customer": S}  named schemas, referred to as
//                           {"$ref": "#/components/schemas/Customer"} by any
//                           route; the same name with another schema stops
//                           start-up, as does a $ref to a name nobody declares
//  "media_type": "text/html"   the success body's type when it is not JSON
//  "if_match": true         PUT/PATCH honour If-Match (documents 412)
//  "uses_database": false   the handler never touches the database (no 503)
// Without them a route is documented with its statuses and an object body.
// The longest `after` a keyset list takes: a sort key of a few columns and
// a 43-character MAC.
constexpr std::size_t kMaxCursorLength = 300;

struct RouteSchema {
    std::vector<FieldSpec> path;
    std::vector<FieldSpec> query;
    std::vector<FieldSpec> body;
    bool hasBody = false;       // the route reads a JSON object body
    bool acceptsForm = false;   // ...or an application/x-www-form-urlencoded one
    bool paginated = false;     // page and page_size are validated
    bool keyset = false;        // ...and `after` (a cursor), instead of page
    std::vector<std::string> sortFields;  // allowed values of sort (each also with '-')
    bool longRead = false;
    std::vector<std::string> longReadWhen;  // ...or only when one of these query parameters is given
    RouteResponses responses;

    // Throws std::invalid_argument naming what is wrong with the schema.
    static RouteSchema parse(const std::string& json);
};

}  // namespace crm
