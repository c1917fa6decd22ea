#pragma once

#include "config/SettingValues.h"

#include <ostream>

namespace crm {

// Every setting of the table as NAME=value, the value in effect (the
// environment's, the file's or the default), for `check-config`. Secrets
// print as *** and the database URL without its password; an unset setting
// prints nothing after the '='.
void printEffectiveSettings(std::ostream& out, const SettingValues& values);

}  // namespace crm
