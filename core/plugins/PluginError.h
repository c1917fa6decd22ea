#pragma once

#include <stdexcept>

namespace crm {

// A plugin was refused: bad manifest, ABI mismatch, missing dependency,
// broken library or a failed init. The message is one line that names the
// plugin and what to do; start-up stops with it.
class PluginError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace crm
