#pragma once

#include "config/SettingTable.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace crm {

// The value of every setting in the table: the configuration's (file and
// environment, ConfigLoader), else the row's default. --dev gives the rows
// with a development default that default and waives their checks.
class SettingValues {
public:
    SettingValues(const Poco::Util::AbstractConfiguration& config, bool dev);

    // Every setting that is missing or invalid, one line each, in table order.
    std::vector<std::string> problems() const;
    // Throws ConfigError with problems(), one a line, when there are any.
    void requireValid() const;

    // The value in effect, unchecked; nullopt when the setting is unset.
    std::optional<std::string> effective(const SettingDefinition& setting) const;

    // The checked value of `key`, for the core's Settings. Each throws
    // ConfigError when the value is invalid, and std::logic_error when the
    // table has no such key or it is of another type (a bug).
    int integer(const std::string& key) const;
    bool boolean(const std::string& key) const;
    std::string text(const std::string& key) const;  // empty when unset
    std::vector<std::string> list(const std::string& key) const;

    // The keys the typed getters were asked for: a row nobody reads is a
    // documented setting that does nothing (SettingsTest checks).
    const std::set<std::string>& keysRead() const { return keysRead_; }

private:
    bool waivedByDev(const SettingDefinition& setting) const { return dev_ && setting.devDefault; }
    std::string problemOf(const SettingDefinition& setting) const;
    std::optional<std::string> checked(const std::string& key, std::initializer_list<SettingType> types) const;

    const Poco::Util::AbstractConfiguration& config_;
    bool dev_;
    mutable std::set<std::string> keysRead_;
};

}  // namespace crm
