// JSON text made in C++: string literals (crm::quote) and crm::Json, a
// value whose object members keep the order they were set in, so what a
// plugin writes is what the host (and a reader of the OpenAPI document)
// sees. Header-only, standard C++17, no dependency on the ABI.
#ifndef CRM_JSON_HPP
#define CRM_JSON_HPP

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace crm {

// A JSON string literal (quotes included) for responses built in C++.
inline std::string quote(std::string_view text) {
    static const char* const kHex = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
    return out;
}

// A JSON value: a scalar (string, number, boolean, null), an array, or an
// object whose members stay in the order they were first set.
class Json {
public:
    Json() : kind_(Kind::Scalar), scalar_("null") {}
    Json(bool value) : kind_(Kind::Scalar), scalar_(value ? "true" : "false") {}
    template <typename Number, std::enable_if_t<std::is_integral_v<Number> && !std::is_same_v<Number, bool>, int> = 0>
    Json(Number value) : kind_(Kind::Scalar), scalar_(std::to_string(value)) {}
    Json(const char* text) : Json(std::string_view(text)) {}
    Json(std::string_view text) : kind_(Kind::Scalar), scalar_(quote(text)) {}
    Json(const std::string& text) : Json(std::string_view(text)) {}

    static Json object() { return Json(Kind::Object); }
    static Json array(std::vector<Json> items = {}) {
        Json value(Kind::Array);
        value.values_ = std::move(items);
        return value;
    }
    static Json strings(const std::vector<std::string>& items) {
        Json value(Kind::Array);
        for (const auto& item : items) value.values_.emplace_back(item);
        return value;
    }

    bool isObject() const { return kind_ == Kind::Object; }

    // Sets an object member: a new key goes last, a key already there keeps
    // its place and takes the new value.
    Json& set(std::string_view key, Json value) {
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] == key) {
                values_[i] = std::move(value);
                return *this;
            }
        keys_.emplace_back(key);
        values_.push_back(std::move(value));
        return *this;
    }
    // The member `key` of an object, or nullptr.
    Json* find(std::string_view key) {
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] == key) return &values_[i];
        return nullptr;
    }
    const Json* find(std::string_view key) const { return const_cast<Json*>(this)->find(key); }
    void erase(std::string_view key) {
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] == key) {
                keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(i));
                values_.erase(values_.begin() + static_cast<std::ptrdiff_t>(i));
                return;
            }
    }
    const std::vector<std::string>& keys() const { return keys_; }
    // The members' values (object) or the items (array), in order.
    std::vector<Json>& values() { return values_; }
    const std::vector<Json>& values() const { return values_; }
    Json& push(Json item) {
        values_.push_back(std::move(item));
        return *this;
    }

    // The JSON text, spaced as Python's json.dumps spaces it.
    std::string text() const {
        std::string out;
        write(out);
        return out;
    }

private:
    enum class Kind { Scalar, Array, Object };
    explicit Json(Kind kind) : kind_(kind) {}

    void write(std::string& out) const {
        if (kind_ == Kind::Scalar) {
            out += scalar_;
            return;
        }
        out += kind_ == Kind::Object ? '{' : '[';
        for (std::size_t i = 0; i < values_.size(); ++i) {
            if (i) out += ", ";
            if (kind_ == Kind::Object) out.append(quote(keys_[i])).append(": ");
            values_[i].write(out);
        }
        out += kind_ == Kind::Object ? '}' : ']';
    }

    Kind kind_;
    std::string scalar_;             // the JSON text of a scalar
    std::vector<std::string> keys_;  // an object's keys, beside values_
    std::vector<Json> values_;       // an object's values or an array's items
};

}  // namespace crm

#endif  // CRM_JSON_HPP
