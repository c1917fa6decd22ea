#pragma once

#include <stdexcept>
#include <string>

namespace crm {

// A configuration value is missing or invalid. The message names the key
// and what is expected; when several values are wrong it holds one line for
// each, and start-up fails printing each line (main.cpp).
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace crm
