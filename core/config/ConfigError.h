#pragma once

#include <stdexcept>
#include <string>

namespace crm {

// A configuration value is missing or invalid. The message names the key
// and what is expected, and is printed as the one line start-up fails with.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace crm
