#pragma once

#include <span>
#include <string>

namespace crm {

// What a setting's value must look like; each type has one check
// (SettingValue.cpp) and one name in the README's table.
enum class SettingType {
    integer,      // whole number from min to max, in `unit`
    boolean,      // true/false, 1/0, yes/no, on/off
    text,         // anything; min: fewest characters
    secret,       // text that is never printed or echoed in an error
    url,          // http:// or https://
    databaseUrl,  // postgresql://... or libpq key=value pairs; printed without its password
    path,         // a file or folder; relative in a file: relative to that file
    pathList,     // folders separated by ':'; the same
    list,         // comma-separated
    cidrList,     // comma-separated addresses or CIDRs
    logLevel,     // debug, info, warning, error
};

// One setting: where it comes from, what it may be, what it is for. The
// table of these (SettingTable.cpp) is the only list of settings: the
// loader, the defaults, the checks, `check-config` and the README's table
// are made from it.
struct SettingDefinition {
    const char* name;  // environment variable
    const char* key;   // key in the properties file
    SettingType type;
    long long min = 0;  // integer: smallest; text and secret: fewest characters
    long long max = 0;  // integer: largest
    const char* unit = "";
    // nullptr: none, the setting is unset (or, when required, must be set).
    const char* defaultValue = nullptr;
    // A default that depends on the machine; shown as defaultNote.
    std::string (*computedDefault)() = nullptr;
    // For the README where the default is not a plain value.
    const char* defaultNote = nullptr;
    bool required = false;
    // With --dev: the default, and the value is not checked (the published
    // development secret signs tokens on loopback only).
    const char* devDefault = nullptr;
    // A second environment variable for the same key, which wins when both
    // are set (deployments written for an older name).
    const char* alias = nullptr;
    // Read by this plugin (listed in its plugin.json "config"), not by the core.
    const char* plugin = nullptr;
    const char* description = "";
};

std::span<const SettingDefinition> settingTable();

// The row of `key`; throws std::logic_error when there is none (a bug: the
// caller asked for a setting the table does not define).
const SettingDefinition& settingFor(const std::string& key);

}  // namespace crm
