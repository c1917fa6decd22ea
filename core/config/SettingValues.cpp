#include "config/SettingValues.h"

#include "config/ConfigError.h"
#include "config/SettingValue.h"

#include <Poco/String.h>

#include <algorithm>
#include <stdexcept>

namespace crm {

SettingValues::SettingValues(const Poco::Util::AbstractConfiguration& config, bool dev) : config_(config), dev_(dev) {}

std::optional<std::string> SettingValues::effective(const SettingDefinition& setting) const {
    if (config_.has(setting.key)) {
        std::string value = config_.getString(setting.key);
        // An empty value of a setting that must have one is no value: the
        // message then says "not set" rather than quoting nothing.
        bool meaningless = Poco::trim(value).empty() && (setting.required || waivedByDev(setting));
        if (!meaningless) return value;
    }
    if (waivedByDev(setting)) return std::string(setting.devDefault);
    if (setting.defaultValue) return std::string(setting.defaultValue);
    if (setting.computedDefault) return setting.computedDefault();
    return std::nullopt;
}

std::string SettingValues::problemOf(const SettingDefinition& setting) const {
    auto value = effective(setting);
    if (!value) return setting.required ? notSetProblem(setting) : "";
    return waivedByDev(setting) ? "" : problemWith(setting, *value);
}

std::vector<std::string> SettingValues::problems() const {
    std::vector<std::string> found;
    for (const auto& setting : settingTable())
        if (auto problem = problemOf(setting); !problem.empty()) found.push_back(problem);
    return found;
}

void SettingValues::requireValid() const {
    auto found = problems();
    if (found.empty()) return;
    std::string lines;
    for (const auto& problem : found) lines += (lines.empty() ? "" : "\n") + problem;
    throw ConfigError(lines);
}

std::optional<std::string> SettingValues::checked(const std::string& key, std::initializer_list<SettingType> types) const {
    const auto& setting = settingFor(key);
    if (std::find(types.begin(), types.end(), setting.type) == types.end())
        throw std::logic_error(std::string("setting ") + setting.name + " is a " + typeName(setting.type) +
                               "; it was read as another type");
    keysRead_.insert(key);
    if (auto problem = problemOf(setting); !problem.empty()) throw ConfigError(problem);
    return effective(setting);
}

int SettingValues::integer(const std::string& key) const {
    // Every integer row has a default or is required, so a checked one has a value.
    return integerValue(checked(key, {SettingType::integer}).value_or(""));
}

bool SettingValues::boolean(const std::string& key) const {
    return booleanValue(checked(key, {SettingType::boolean}).value_or("false"));
}

std::string SettingValues::text(const std::string& key) const {
    using T = SettingType;
    auto value = checked(key, {T::text, T::secret, T::url, T::databaseUrl, T::path, T::logLevel}).value_or("");
    auto type = settingFor(key).type;
    return type == T::secret ? value : Poco::trim(value);
}

std::vector<std::string> SettingValues::list(const std::string& key) const {
    auto value = checked(key, {SettingType::list, SettingType::pathList, SettingType::cidrList});
    return value ? listValue(settingFor(key), *value) : std::vector<std::string>{};
}

}  // namespace crm
