#include "validation/Validator.h"

#include "api/ErrorBody.h"
#include "json/Utf8.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <cctype>
#include <limits>
#include <optional>

namespace crm {
namespace {

constexpr int64_t kMaxPage = 2147483647;
constexpr int64_t kMaxPageSize = 200;

struct Sink {
    std::vector<ValidationIssue>& issues;
    const std::string& location;
    void add(const std::string& field, const std::string& message, const std::string& type) {
        issues.push_back({location, field, message, type});
    }
};

std::string quotedChoices(const std::vector<std::string>& values) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += (i + 1 == values.size()) ? " or " : ", ";
        out += "'" + values[i] + "'";
    }
    return out;
}

bool isEmail(const std::string& text) {
    auto at = text.find('@');
    if (at == std::string::npos || at == 0 || text.find('@', at + 1) != std::string::npos) return false;
    std::string domain = text.substr(at + 1);
    auto dot = domain.find('.');
    if (domain.empty() || dot == std::string::npos || dot == 0 || domain.back() == '.' || domain.find("..") != std::string::npos)
        return false;
    for (unsigned char c : text)
        if (std::isspace(c) || c < 0x20) return false;
    return true;
}

bool isColor(const std::string& text) {
    if (text.size() != 7 || text[0] != '#') return false;
    for (std::size_t i = 1; i < 7; ++i)
        if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
    return true;
}

std::string plural(std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Control characters end up in mail headers, logs and CSV exports; a single
// line of text (a name, a subject) has none, and a multi-line text (notes,
// a message body) only tab and line breaks. NUL is refused everywhere.
bool hasForbiddenControl(const std::string& text, bool multiline) {
    for (unsigned char c : text) {
        if (c == 0x7F || (c < 0x20 && !(multiline && (c == '\t' || c == '\n' || c == '\r')))) return true;
    }
    return false;
}

// A string value after trimming; adds an issue and returns nothing when it
// breaks its length bounds or its format.
std::optional<std::string> checkString(const FieldSpec& spec, const std::string& raw, Sink& sink) {
    if (!isUtf8(raw)) {
        sink.add(spec.name, "Input should be a valid string: it is not valid UTF-8", "string_unicode");
        return std::nullopt;
    }
    if (hasForbiddenControl(raw, spec.multiline)) {
        sink.add(spec.name,
                 spec.multiline ? "Input should not contain control characters other than tab and line breaks"
                                : "Input should be a single line of text, without line breaks or control characters",
                 "string_control_characters");
        return std::nullopt;
    }
    std::string value = spec.trim ? Poco::trim(raw) : raw;
    std::size_t length = Validator::characterCount(value);
    if (spec.minLength && length < *spec.minLength) {
        sink.add(spec.name, "String should have at least " + plural(*spec.minLength, "character"), "string_too_short");
        return std::nullopt;
    }
    if (spec.maxLength && length > *spec.maxLength) {
        sink.add(spec.name, "String should have at most " + plural(*spec.maxLength, "character"), "string_too_long");
        return std::nullopt;
    }
    switch (spec.type) {
    case FieldType::Email:
        if (!isEmail(value)) {
            sink.add(spec.name, "value is not a valid email address", "value_error");
            return std::nullopt;
        }
        break;
    case FieldType::Color:
        if (!isColor(value)) {
            sink.add(spec.name, "String should match pattern '^#[0-9A-Fa-f]{6}$'", "string_pattern_mismatch");
            return std::nullopt;
        }
        break;
    case FieldType::Date:
        if (!Validator::isDate(value)) {
            sink.add(spec.name, "Input should be a valid date in the format YYYY-MM-DD", "date_parsing");
            return std::nullopt;
        }
        break;
    case FieldType::Time: {
        std::string normalised;
        if (!Validator::normaliseTime(value, normalised)) {
            sink.add(spec.name, "Input should be a valid time in the format HH:MM[:SS]", "time_parsing");
            return std::nullopt;
        }
        return normalised;
    }
    case FieldType::Enum: {
        for (const auto& allowed : spec.values)
            if (value == allowed) return value;
        sink.add(spec.name, "Input should be " + quotedChoices(spec.values), "enum");
        return std::nullopt;
    }
    case FieldType::EnumList: {
        std::string normalised;
        std::size_t start = 0;
        while (start <= value.size()) {
            auto comma = value.find(',', start);
            std::string item = Poco::trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            bool known = false;
            for (const auto& allowed : spec.values) known = known || item == allowed;
            if (!known) {
                sink.add(spec.name, "Input should be " + quotedChoices(spec.values) + " (or a comma-separated list of them)", "enum");
                return std::nullopt;
            }
            normalised += (normalised.empty() ? "" : ",") + item;
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        return normalised;
    }
    default:
        break;
    }
    return value;
}

void checkRange(const FieldSpec& spec, int64_t value, Sink& sink, bool& ok) {
    if (spec.minimum && value < *spec.minimum) {
        sink.add(spec.name, "Input should be greater than or equal to " + std::to_string(*spec.minimum), "greater_than_equal");
        ok = false;
    } else if (spec.maximum && value > *spec.maximum) {
        sink.add(spec.name, "Input should be less than or equal to " + std::to_string(*spec.maximum), "less_than_equal");
        ok = false;
    }
}

// A query or path value (always text on the wire). Returns the normalised
// text, or nothing after adding an issue.
std::optional<std::string> checkText(const FieldSpec& spec, const std::string& raw, Sink& sink) {
    switch (spec.type) {
    case FieldType::Integer: {
        std::string text = Poco::trim(raw);
        Poco::Int64 value = 0;
        if (text.empty() || !Poco::NumberParser::tryParse64(text, value) || text.find_first_not_of("-0123456789") != std::string::npos) {
            sink.add(spec.name, "Input should be a valid integer, unable to parse string as an integer", "int_parsing");
            return std::nullopt;
        }
        bool ok = true;
        checkRange(spec, value, sink, ok);
        return ok ? std::optional<std::string>(std::to_string(value)) : std::nullopt;
    }
    case FieldType::Boolean: {
        std::string text = Poco::toLower(Poco::trim(raw));
        if (text == "true" || text == "1" || text == "yes" || text == "on") return std::string("true");
        if (text == "false" || text == "0" || text == "no" || text == "off") return std::string("false");
        sink.add(spec.name, "Input should be a valid boolean, unable to interpret input", "bool_parsing");
        return std::nullopt;
    }
    case FieldType::StringArray:
        return checkString(FieldSpec::named(spec.name), raw, sink);
    default:
        return checkString(spec, raw, sink);
    }
}

std::string typeMessage(FieldType type) {
    switch (type) {
    case FieldType::Integer: return "Input should be a valid integer";
    case FieldType::Boolean: return "Input should be a valid boolean";
    case FieldType::StringArray: return "Input should be a valid list";
    case FieldType::Object: return "Input should be a valid dictionary";
    default: return "Input should be a valid string";
    }
}

std::string typeCode(FieldType type) {
    switch (type) {
    case FieldType::Integer: return "int_type";
    case FieldType::Boolean: return "bool_type";
    case FieldType::StringArray: return "list_type";
    case FieldType::Object: return "dict_type";
    default: return "string_type";
    }
}

// A body value: returns its normalised JSON text, or nothing after adding an issue.
std::optional<std::string> checkJson(const FieldSpec& spec, const Poco::Dynamic::Var& value, Sink& sink) {
    if (value.isEmpty()) {
        if (spec.nullable) return std::string("null");
        if (spec.type == FieldType::Enum) sink.add(spec.name, "Input should be " + quotedChoices(spec.values), "enum");
        else sink.add(spec.name, typeMessage(spec.type), typeCode(spec.type));
        return std::nullopt;
    }
    switch (spec.type) {
    case FieldType::Integer: {
        if (value.isBoolean() || value.isString() || !value.isNumeric()) {
            sink.add(spec.name, "Input should be a valid integer", "int_type");
            return std::nullopt;
        }
        if (!value.isInteger()) {
            sink.add(spec.name, "Input should be a valid integer, got a number with a fractional part", "int_from_float");
            return std::nullopt;
        }
        int64_t number = 0;
        if (!value.isSigned()) {
            auto unsignedNumber = value.convert<Poco::UInt64>();
            if (unsignedNumber > static_cast<Poco::UInt64>(std::numeric_limits<int64_t>::max())) {
                auto limit = spec.maximum ? *spec.maximum : std::numeric_limits<int64_t>::max();
                sink.add(spec.name, "Input should be less than or equal to " + std::to_string(limit), "less_than_equal");
                return std::nullopt;
            }
            number = static_cast<int64_t>(unsignedNumber);
        } else {
            number = value.convert<Poco::Int64>();
        }
        bool ok = true;
        checkRange(spec, number, sink, ok);
        return ok ? std::optional<std::string>(std::to_string(number)) : std::nullopt;
    }
    case FieldType::Boolean:
        if (!value.isBoolean()) {
            sink.add(spec.name, "Input should be a valid boolean", "bool_type");
            return std::nullopt;
        }
        return std::string(value.extract<bool>() ? "true" : "false");
    case FieldType::Object: {
        if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
            sink.add(spec.name, "Input should be a valid dictionary", "dict_type");
            return std::nullopt;
        }
        auto object = value.extract<Poco::JSON::Object::Ptr>();
        std::string out = "{";
        bool ok = true, first = true;
        for (const auto& property : spec.properties) {
            std::string key = property.name.substr(spec.name.size() + 1);
            if (!object->has(key)) {
                if (property.required) {
                    sink.add(property.name, "Field required", "missing");
                    ok = false;
                }
                continue;
            }
            auto json = checkJson(property, object->get(key), sink);
            if (!json) {
                ok = false;
                continue;
            }
            out += (first ? "" : ", ") + jsonString(key) + ": " + *json;
            first = false;
        }
        return ok ? std::optional<std::string>(out + "}") : std::nullopt;
    }
    case FieldType::StringArray: {
        if (value.type() != typeid(Poco::JSON::Array::Ptr)) {
            sink.add(spec.name, "Input should be a valid list", "list_type");
            return std::nullopt;
        }
        auto array = value.extract<Poco::JSON::Array::Ptr>();
        if (spec.maxItems && array->size() > *spec.maxItems) {
            sink.add(spec.name, "List should have at most " + plural(*spec.maxItems, "item") + " after validation", "too_long");
            return std::nullopt;
        }
        auto item = FieldSpec::named(spec.name);
        item.minLength = spec.minLength;
        item.maxLength = spec.maxLength;
        std::string out = "[";
        for (std::size_t i = 0; i < array->size(); ++i) {
            auto element = array->get(i);
            if (!element.isString()) {
                sink.add(spec.name, "Input should be a valid string", "string_type");
                return std::nullopt;
            }
            auto text = checkString(item, element.extract<std::string>(), sink);
            if (!text) return std::nullopt;
            out += (i ? ", " : "") + jsonString(*text);
        }
        return out + "]";
    }
    default: {
        if (!value.isString()) {
            if (spec.type == FieldType::Enum) sink.add(spec.name, "Input should be " + quotedChoices(spec.values), "enum");
            else sink.add(spec.name, "Input should be a valid string", "string_type");
            return std::nullopt;
        }
        auto text = checkString(spec, value.extract<std::string>(), sink);
        if (!text) return std::nullopt;
        return jsonString(*text);
    }
    }
}

}  // namespace

std::size_t Validator::characterCount(const std::string& utf8) {
    std::size_t count = 0;
    for (unsigned char c : utf8)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

bool Validator::isDate(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    int year = std::stoi(text.substr(0, 4)), month = std::stoi(text.substr(5, 2)), day = std::stoi(text.substr(8, 2));
    if (year < 1 || month < 1 || month > 12 || day < 1) return false;
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int days = kDays[month - 1] + ((month == 2 && leap) ? 1 : 0);
    return day <= days;
}

bool Validator::normaliseTime(const std::string& text, std::string& normalised) {
    if (text.size() != 5 && text.size() != 8) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool colon = (i == 2 || i == 5);
        if (colon ? text[i] != ':' : !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    }
    int hours = std::stoi(text.substr(0, 2)), minutes = std::stoi(text.substr(3, 2));
    int seconds = text.size() == 8 ? std::stoi(text.substr(6, 2)) : 0;
    if (hours > 23 || minutes > 59 || seconds > 59) return false;
    normalised = text.size() == 8 ? text : text + ":00";
    return true;
}

std::vector<ValidationIssue> Validator::checkParameters(const RouteSchema& schema, Request& request) {
    std::vector<ValidationIssue> issues;
    const std::string path = "path", query = "query";
    Sink pathSink{issues, path};
    for (const auto& spec : schema.path) {
        const std::string* raw = request.pathParam(spec.name);
        if (!raw) continue;  // the router guarantees declared path parameters
        if (auto value = checkText(spec, *raw, pathSink))
            for (auto& [name, v] : request.pathParams)
                if (name == spec.name) v = *value;
    }

    Sink querySink{issues, query};
    if (schema.paginated) {
        auto page = FieldSpec::named("page", FieldType::Integer);
        page.minimum = 1;
        page.maximum = kMaxPage;
        auto size = FieldSpec::named("page_size", FieldType::Integer);
        size.minimum = 1;
        size.maximum = kMaxPageSize;
        if (const auto* raw = request.queryParam("page"))
            if (auto v = checkText(page, *raw, querySink)) request.page = std::stoll(*v);
        if (const auto* raw = request.queryParam("page_size"))
            if (auto v = checkText(size, *raw, querySink)) request.pageSize = std::stoll(*v);
    }
    if (schema.keyset) {
        // Only its shape here: the plugin that signed the cursor checks it.
        auto after = FieldSpec::named("after");
        after.minLength = 1;
        after.maxLength = kMaxCursorLength;
        if (const auto* raw = request.queryParam("after")) {
            if (request.queryParam("page"))
                querySink.add("after", "Use either page or after, not both: after continues from the page that gave it",
                              "value_error");
            else
                checkText(after, *raw, querySink);
        }
    }
    if (!schema.sortFields.empty()) {
        if (const auto* raw = request.queryParam("sort")) {
            auto sort = FieldSpec::named("sort", FieldType::Enum);
            for (const auto& f : schema.sortFields) {
                sort.values.push_back(f);
                sort.values.push_back("-" + f);
            }
            // Handlers look the sort up as given: hand them the trimmed value.
            if (auto value = checkText(sort, *raw, querySink))
                for (auto& [name, v] : request.query)
                    if (name == "sort") v = *value;
        }
    }
    for (const auto& spec : schema.query) {
        const std::string* raw = request.queryParam(spec.name);
        if (!raw) {
            if (spec.required) querySink.add(spec.name, "Field required", "missing");
            continue;
        }
        if (auto value = checkText(spec, *raw, querySink)) {
            // Later handlers read the normalised form (trimmed, canonical booleans).
            for (auto& [name, v] : request.query)
                if (name == spec.name) v = *value;
        }
    }
    return issues;
}

std::string Validator::normaliseBody(const RouteSchema& schema, const Poco::JSON::Object& body,
                                     std::vector<ValidationIssue>& issues) {
    const std::string location = "body";
    Sink sink{issues, location};
    std::string out = "{";
    bool first = true;
    for (const auto& spec : schema.body) {
        if (!body.has(spec.name)) {
            if (spec.required) sink.add(spec.name, "Field required", "missing");
            continue;
        }
        auto json = checkJson(spec, body.get(spec.name), sink);
        if (!json) continue;
        out += (first ? "" : ", ") + jsonString(spec.name) + ": " + *json;
        first = false;
    }
    return out + "}";
}

}  // namespace crm
