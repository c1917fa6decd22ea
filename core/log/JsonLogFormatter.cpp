#include "log/JsonLogFormatter.h"

#include "json/JsonString.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Message.h>

namespace crm {
namespace {

const char* levelName(Poco::Message::Priority priority) {
    switch (priority) {
    case Poco::Message::PRIO_FATAL:
    case Poco::Message::PRIO_CRITICAL:
    case Poco::Message::PRIO_ERROR: return "error";
    case Poco::Message::PRIO_WARNING: return "warning";
    case Poco::Message::PRIO_NOTICE:
    case Poco::Message::PRIO_INFORMATION: return "info";
    default: return "debug";
    }
}

}  // namespace

void JsonLogFormatter::format(const Poco::Message& message, std::string& text) {
    text = "{\"ts\": \"" + Poco::DateTimeFormatter::format(message.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ") +
           "\", \"level\": \"" + levelName(message.getPriority()) + "\", \"logger\": " + jsonString(message.getSource());
    if (message.getSource() == "access") text += ", " + message.getText() + "}";
    else text += ", \"msg\": " + jsonString(message.getText()) + "}";
}

}  // namespace crm
