// A typed builder for a route's schema (docs/plugin-sdk.md, "Routes and
// schemas"). It writes the JSON the host has always read, so the wire
// format across the ABI (crm_route.schema_json) does not change and
// plugins that still write that JSON by hand keep working.
//
//   using namespace crm::schema;
//   const Fields kFields = {{"name", string().minLength(1).maxLength(255).required()},
//                           {"email", email().nullable().maxLength(255)}};
//   routes.add("POST", "/things", kWrite, Route().body(kFields).answers(201, json::ref("Thing")), ...);
//   routes.add("PATCH", "/things/{id}", kWrite, Route().pathId().body(kFields.partial()), ...);
//
// Two vocabularies: the fields the host validates (integer(), string(),
// email(), ... in crm::schema), and the JSON Schema of what a route answers,
// for the OpenAPI document (crm::schema::json). Members and fields keep the
// order they are written in: the host reports invalid fields in that order.
#ifndef CRM_SCHEMA_HPP
#define CRM_SCHEMA_HPP

#include "crm/json.hpp"
#include "crm/sort.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::schema {

// A path, query or body field the host validates before the handler runs.
class Field {
public:
    explicit Field(std::string_view type) : json_(Json::object()) { json_.set("type", type); }

    // Required without a default: required() again with false drops it.
    Field& required(bool yes = true) { return flag("required", yes); }
    Field& nullable() { return flag("nullable", true); }
    // Tab and line breaks allowed (notes, descriptions, message bodies).
    Field& multiline() { return flag("multiline", true); }
    // Kept as sent, spaces included (passwords).
    Field& untrimmed() { return set("trim", false); }
    // Integers: bounds of the value; string arrays: of each item's length.
    Field& minimum(int64_t value) { return set("minimum", value); }
    Field& maximum(int64_t value) { return set("maximum", value); }
    // Strings, after trimming; string arrays: each item.
    Field& minLength(int64_t value) { return set("minLength", value); }
    Field& maxLength(int64_t value) { return set("maxLength", value); }
    Field& maxItems(int64_t value) { return set("maxItems", value); }

    // Any other key of the schema language, for a key newer than this header.
    Field& set(std::string_view key, Json value) {
        json_.set(key, std::move(value));
        return *this;
    }

    const Json& json() const { return json_; }

private:
    Field& flag(std::string_view key, bool yes) {
        if (yes) return set(key, true);
        json_.erase(key);
        return *this;
    }

    Json json_;
};

// Fields by name, in the order they are declared.
class Fields {
public:
    struct Entry {
        std::string name;
        Field field;
    };

    Fields(std::initializer_list<Entry> entries) : entries_(entries) {}

    // The same fields, none required: a PATCH body beside its PUT's.
    Fields partial() const {
        Fields copy = *this;
        for (auto& entry : copy.entries_) entry.field.required(false);
        return copy;
    }
    // These fields followed by `more`.
    Fields operator+(const Fields& more) const {
        Fields both = *this;
        both.entries_.insert(both.entries_.end(), more.entries_.begin(), more.entries_.end());
        return both;
    }

    Json json() const {
        Json object = Json::object();
        for (const auto& entry : entries_) object.set(entry.name, entry.field.json());
        return object;
    }

private:
    std::vector<Entry> entries_;
};

inline Field integer() { return Field("integer"); }
inline Field string() { return Field("string"); }
inline Field email() { return Field("email"); }
inline Field boolean() { return Field("boolean"); }
inline Field date() { return Field("date"); }  // YYYY-MM-DD
inline Field time() { return Field("time"); }  // HH:MM or HH:MM:SS
inline Field color() { return Field("color"); }  // #RRGGBB
// A JSON array of strings (in a body).
inline Field stringArray() { return Field("string_array"); }
// One of `values`.
inline Field enumOf(const std::vector<std::string>& values) { return Field("enum").set("values", Json::strings(values)); }
// Some of `values`, comma-separated (in a query).
inline Field enumList(const std::vector<std::string>& values) {
    return Field("enum_list").set("values", Json::strings(values));
}
// A JSON object with these fields (in a body).
inline Field object(const Fields& properties) { return Field("object").set("properties", properties.json()); }
// A row id: a positive PostgreSQL integer.
inline Field id() { return integer().minimum(1).maximum(2147483647); }

// The JSON Schema of an answer, or of part of one, for the OpenAPI document.
namespace json {

class Schema {
public:
    explicit Schema(Json json) : json_(std::move(json)) {}

    // Also null: a "type" becomes [type, "null"]; anything else, such as a
    // $ref, becomes {"anyOf": [it, {"type": "null"}]}.
    Schema& orNull() {
        if (Json* type = json_.find("type"); type && !type->isObject()) {
            *type = Json::array({*type, "null"});
        } else {
            json_ = Json::object().set("anyOf", Json::array({json_, Json::object().set("type", "null")}));
        }
        return *this;
    }
    Schema& minimum(int64_t value) {
        json_.set("minimum", value);
        return *this;
    }
    Schema& maximum(int64_t value) {
        json_.set("maximum", value);
        return *this;
    }

    const Json& json() const { return json_; }

private:
    Json json_;
};

inline Schema typed(std::string_view type) { return Schema(Json::object().set("type", type)); }
inline Schema formatted(std::string_view format) { return Schema(Json::object().set("type", "string").set("format", format)); }

inline Schema integer() { return typed("integer"); }
inline Schema number() { return typed("number"); }
inline Schema string() { return typed("string"); }
inline Schema boolean() { return typed("boolean"); }
inline Schema dateTime() { return formatted("date-time"); }
inline Schema date() { return formatted("date"); }
inline Schema time() { return formatted("time"); }
inline Schema enumOf(const std::vector<std::string>& values) { return Schema(Json::object().set("enum", Json::strings(values))); }
inline Schema arrayOf(const Schema& items) { return Schema(Json::object().set("type", "array").set("items", items.json())); }
// A schema a route declared under a name (Route::component), by any plugin.
inline Schema ref(std::string_view name) {
    return Schema(Json::object().set("$ref", "#/components/schemas/" + std::string(name)));
}
// The contract's error body, {"detail": "..."}.
inline Schema error() { return ref("Error"); }

struct Property {
    std::string name;
    Schema schema;
};

// An object with exactly these properties, each always present (null when
// it has no value): the shape of every row the SQL renders.
inline Schema record(const std::vector<Property>& properties) {
    std::vector<std::string> names;
    Json members = Json::object();
    for (const auto& property : properties) {
        names.push_back(property.name);
        members.set(property.name, property.schema.json());
    }
    return Schema(Json::object()
                      .set("type", "object")
                      .set("additionalProperties", false)
                      .set("required", Json::strings(names))
                      .set("properties", std::move(members)));
}

}  // namespace json

// What a route declares: the input the host validates and the answers the
// OpenAPI document shows. Each call sets one key of the schema JSON.
class Route {
public:
    Route() : json_(Json::object()) {}

    Route& path(const Fields& fields) { return set("path", fields.json()); }
    // The usual single path parameter, a row id.
    Route& pathId(std::string_view name = "id") { return path({{std::string(name), id()}}); }
    Route& query(const Fields& fields) { return set("query", fields.json()); }
    // The route reads a JSON object body with these fields.
    Route& body(const Fields& fields) { return set("body", fields.json()); }
    // ...or an application/x-www-form-urlencoded one.
    Route& form() { return set("form", true); }

    // page and page_size are validated; the handler answers a page.
    Route& paginated() { return set("paginated", true); }
    // ...and `after`, a keyset cursor (crm::Keyset, docs/pagination.md).
    Route& keyset() { return paginated().set("keyset", true); }
    // The allowed values of `sort`, each also with '-'.
    Route& sort(const SortKeys& keys) { return set("sort", Json::strings(keys.names())); }
    // A read that may take long (a report): it shares the long reads' sessions.
    Route& longRead() { return set("long_read", true); }
    // ...only when one of these query parameters is given (a search).
    Route& longReadWhen(const std::vector<std::string>& params) { return set("long_read", Json::strings(params)); }

    // The success status, when no declared answer says it (204: no body).
    Route& status(int code) { return set("status", code); }
    // The body an answer with this status has (the success one, or an error the handler gives).
    Route& answers(int code, const json::Schema& body) {
        if (!json_.find("responses")) json_.set("responses", Json::object());
        json_.find("responses")->set(std::to_string(code), body.json());
        return *this;
    }
    // A paginated route's item; the envelope is the host's.
    Route& items(const json::Schema& item) { return set("items", item.json()); }
    // A field the page's envelope has beside the host's.
    Route& envelope(std::string_view name, const json::Schema& field) { return member("envelope", name, field); }
    // Declares a named schema for json::ref(name); the same name declared
    // with another schema, by any plugin, stops start-up.
    Route& component(std::string_view name, const json::Schema& schema) { return member("schemas", name, schema); }
    // The success body's type when it is not JSON.
    Route& mediaType(std::string_view type) { return set("media_type", type); }
    // PUT/PATCH honour If-Match (412 when stale).
    Route& ifMatch() { return set("if_match", true); }
    // The handler never touches the database (the document lists no 503).
    Route& withoutDatabase() { return set("uses_database", false); }

    // The JSON the host reads (crm_route.schema_json).
    std::string text() const { return json_.text(); }

private:
    Route& set(std::string_view key, Json value) {
        json_.set(key, std::move(value));
        return *this;
    }
    Route& member(std::string_view key, std::string_view name, const json::Schema& schema) {
        if (!json_.find(key)) json_.set(key, Json::object());
        json_.find(key)->set(name, schema.json());
        return *this;
    }

    Json json_;
};

}  // namespace crm::schema

#endif  // CRM_SCHEMA_HPP
