#include "app/EffectiveSettings.h"

#include "db/ConnectionString.h"

namespace crm {
namespace {

std::string shown(const SettingDefinition& setting, const std::string& value) {
    if (setting.type == SettingType::secret) return value.empty() ? "" : "***";
    if (setting.type == SettingType::databaseUrl) return redactedDatabaseUrl(value);
    return value;
}

}  // namespace

void printEffectiveSettings(std::ostream& out, const SettingValues& values) {
    for (const auto& setting : settingTable())
        out << setting.name << "=" << shown(setting, values.effective(setting).value_or("")) << "\n";
}

}  // namespace crm
