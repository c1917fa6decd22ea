#pragma once

#include "config/SettingTable.h"

#include <string>
#include <vector>

namespace crm {

// One value checked and read by the rules of its setting's row.

// "NAME (key)", how every message about a setting begins.
std::string settingLabel(const SettingDefinition& setting);

// What the value may be, in words: "1 to 3600 seconds", "true or false";
// empty when anything goes. Error messages and the README both use it.
std::string allowedValues(const SettingDefinition& setting);

// The type's name in the README: "integer", "CIDRs", ...
const char* typeName(SettingType type);

// What is wrong with `raw`, as one line naming the setting, what it may be
// and (unless it is secret) what it got; empty when nothing is.
std::string problemWith(const SettingDefinition& setting, const std::string& raw);
// The message for a required setting that has no value.
std::string notSetProblem(const SettingDefinition& setting);

// These read a value problemWith() accepted.
int integerValue(const std::string& raw);
bool booleanValue(const std::string& raw);
std::vector<std::string> listValue(const SettingDefinition& setting, const std::string& raw);
// POCO's name for a LOG_LEVEL ("information" for info); empty for a word
// that is none.
std::string pocoLogLevel(const std::string& raw);

}  // namespace crm
