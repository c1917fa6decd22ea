#include "http/HttpDate.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <ctime>

namespace crm {

const std::string& httpDateNow() {
    thread_local std::time_t formattedSecond = 0;
    thread_local std::string formatted;
    std::time_t now = std::time(nullptr);
    if (now != formattedSecond) {
        formatted = Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(now), Poco::DateTimeFormat::HTTP_FORMAT);
        formattedSecond = now;
    }
    return formatted;
}

}  // namespace crm
