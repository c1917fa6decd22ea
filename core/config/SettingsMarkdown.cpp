#include "config/SettingsMarkdown.h"

#include "config/SettingTable.h"
#include "config/SettingValue.h"

namespace crm {
namespace {

std::string code(const std::string& text) { return "`" + text + "`"; }

// A '|' would end the cell early.
std::string cell(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

std::string variables(const SettingDefinition& setting) {
    return setting.alias ? code(setting.name) + " / " + code(setting.alias) : code(setting.name);
}

std::string defaultOf(const SettingDefinition& setting) {
    std::string shown = setting.required       ? "(required)"
                        : setting.defaultNote  ? setting.defaultNote
                        : setting.defaultValue ? code(setting.defaultValue)
                                               : "unset";
    if (!setting.devDefault) return shown;
    // The development secret is in the source for anyone to read; the
    // README need not invite its use by spelling it out.
    std::string devShown = setting.type == SettingType::secret ? "a published one" : code(setting.devDefault);
    return shown + "; with `--dev`, " + devShown;
}

}  // namespace

std::string settingsMarkdown() {
    std::string out = "| variable | key | type | allowed | default | meaning |\n|---|---|---|---|---|---|\n";
    for (const auto& setting : settingTable()) {
        out += "| " + variables(setting) + " | " + code(setting.key) + " | " + typeName(setting.type) + " | " +
               cell(allowedValues(setting)) + " | " + cell(defaultOf(setting)) + " | " + cell(setting.description) + " |\n";
    }
    return out;
}

}  // namespace crm
