#pragma once

#include <Poco/Formatter.h>

namespace crm {

// Formats every log message as one JSON object per line:
// {"ts", "level", "logger", "msg"}. The access logger's messages are
// already a list of JSON fields and are spliced in as they are.
class JsonLogFormatter : public Poco::Formatter {
public:
    void format(const Poco::Message& message, std::string& text) override;
};

}  // namespace crm
