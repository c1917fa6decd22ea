#pragma once

#include <string>

namespace crm {

// The table of settings as a Markdown table, one row a setting, as
// `crm-server settings --markdown` prints it and README.md embeds it between
// <!-- settings-table:begin --> and <!-- settings-table:end -->. The same on
// every machine: a default that depends on the machine is described, not
// computed.
std::string settingsMarkdown();

}  // namespace crm
