#include "config/SettingValue.h"

#include "net/ClientAddress.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <optional>
#include <stdexcept>

namespace crm {
namespace {

const char* separatorsOf(SettingType type) { return type == SettingType::pathList ? ":" : ","; }

std::string got(const std::string& raw) { return ", got '" + raw + "'"; }

bool parsesAsInteger(const std::string& text, int& value) { return Poco::NumberParser::tryParse(text, value); }

std::string integerProblem(const SettingDefinition& setting, const std::string& text) {
    int value = 0;
    if (parsesAsInteger(text, value) && value >= setting.min && value <= setting.max) return "";
    return settingLabel(setting) + ": expected an integer from " + allowedValues(setting) + got(text);
}

// A typo must not quietly turn TLS off or a reset on: only these words count.
std::optional<bool> parsedBoolean(const std::string& raw) {
    std::string word = Poco::toLower(Poco::trim(raw));
    if (word == "true" || word == "1" || word == "yes" || word == "on") return true;
    if (word == "false" || word == "0" || word == "no" || word == "off") return false;
    return std::nullopt;
}

std::string booleanProblem(const SettingDefinition& setting, const std::string& text) {
    return parsedBoolean(text) ? "" : settingLabel(setting) + ": expected true or false" + got(text);
}

// --dev gives these settings a value of its own (SettingDefinition::devDefault).
std::string withDevHint(const SettingDefinition& setting, const std::string& problem) {
    return setting.devDefault ? problem + " (or run with --dev)" : problem;
}

// A secret's value never appears in a message: the message goes to logs
// and terminals the secret must not.
std::string lengthProblem(const SettingDefinition& setting, const std::string& value) {
    if (static_cast<long long>(value.size()) >= setting.min) return "";
    return withDevHint(setting, settingLabel(setting) + ": too short; expected " + allowedValues(setting));
}

std::string cidrProblem(const SettingDefinition& setting, const std::string& text) {
    for (const auto& item : listValue(setting, text)) {
        try {
            TrustedProxies check({item});
        } catch (const std::invalid_argument&) {
            return settingLabel(setting) + ": expected " + allowedValues(setting) + " (10.0.0.0/8, fd00::/8)" + got(item);
        }
    }
    return "";
}

std::string urlProblem(const SettingDefinition& setting, const std::string& text) {
    std::string lower = Poco::toLower(text);
    for (const char* scheme : {"http://", "https://"})
        if (lower.rfind(scheme, 0) == 0 && lower.size() > std::string(scheme).size()) return "";
    return settingLabel(setting) + ": expected an " + allowedValues(setting) + got(text);
}

// The URL holds the database password: the message does not repeat it.
std::string databaseUrlProblem(const SettingDefinition& setting, const std::string& text) {
    if (text.rfind("postgres", 0) == 0 || text.find('=') != std::string::npos) return "";
    return settingLabel(setting) + ": expected " + allowedValues(setting);
}

}  // namespace

std::string settingLabel(const SettingDefinition& setting) {
    return std::string(setting.name) + " (" + setting.key + ")";
}

std::string allowedValues(const SettingDefinition& setting) {
    switch (setting.type) {
        case SettingType::integer:
            return std::to_string(setting.min) + " to " + std::to_string(setting.max) +
                   (*setting.unit ? std::string(" ") + setting.unit : "");
        case SettingType::boolean: return "true or false";
        case SettingType::text:
        case SettingType::secret:
            return setting.min > 0 ? "at least " + std::to_string(setting.min) + " characters" : "";
        case SettingType::url: return "http:// or https:// address";
        case SettingType::databaseUrl: return "postgresql://user:password@host:port/dbname";
        case SettingType::path: return "";
        case SettingType::pathList: return "folders separated by :";
        case SettingType::list: return "comma-separated";
        case SettingType::cidrList: return "comma-separated addresses or CIDRs";
        case SettingType::logLevel: return "debug, info, warning or error";
    }
    return "";
}

const char* typeName(SettingType type) {
    switch (type) {
        case SettingType::integer: return "integer";
        case SettingType::boolean: return "boolean";
        case SettingType::text: return "text";
        case SettingType::secret: return "secret";
        case SettingType::url: return "URL";
        case SettingType::databaseUrl: return "database URL";
        case SettingType::path: return "path";
        case SettingType::pathList: return "paths";
        case SettingType::list: return "list";
        case SettingType::cidrList: return "CIDRs";
        case SettingType::logLevel: return "log level";
    }
    return "";
}

std::string problemWith(const SettingDefinition& setting, const std::string& raw) {
    std::string text = Poco::trim(raw);
    switch (setting.type) {
        case SettingType::integer: return integerProblem(setting, text);
        case SettingType::boolean: return booleanProblem(setting, text);
        case SettingType::text: return lengthProblem(setting, text);
        case SettingType::secret: return lengthProblem(setting, raw);
        case SettingType::url: return text.empty() ? "" : urlProblem(setting, text);
        case SettingType::databaseUrl: return databaseUrlProblem(setting, text);
        case SettingType::cidrList: return cidrProblem(setting, text);
        case SettingType::logLevel:
            return pocoLogLevel(text).empty() ? settingLabel(setting) + ": expected " + allowedValues(setting) + got(raw) : "";
        case SettingType::path:
        case SettingType::pathList:
        case SettingType::list: return "";
    }
    return "";
}

std::string notSetProblem(const SettingDefinition& setting) {
    return withDevHint(setting, settingLabel(setting) + ": not set; expected " + allowedValues(setting));
}

int integerValue(const std::string& raw) {
    int value = 0;
    if (!parsesAsInteger(Poco::trim(raw), value)) throw std::logic_error("'" + raw + "' was taken for an integer");
    return value;
}

bool booleanValue(const std::string& raw) {
    auto value = parsedBoolean(raw);
    if (!value) throw std::logic_error("'" + raw + "' was taken for true or false");
    return *value;
}

std::vector<std::string> listValue(const SettingDefinition& setting, const std::string& raw) {
    std::vector<std::string> items;
    Poco::StringTokenizer tokens(raw, separatorsOf(setting.type),
                                 Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& token : tokens) items.push_back(token);
    return items;
}

std::string pocoLogLevel(const std::string& raw) {
    std::string level = Poco::toLower(Poco::trim(raw));
    if (level == "debug") return "debug";
    if (level == "info" || level == "information") return "information";
    if (level == "warning" || level == "warn") return "warning";
    if (level == "error") return "error";
    return "";
}

}  // namespace crm
