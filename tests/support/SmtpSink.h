#pragma once

// Reads what the SMTP sink of scripts/test accepted (CRM_TEST_SMTP_LOG):
// one JSON object per message, see tests/support/smtp_sink.py.

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace crmtest {

struct SinkMessage {
    std::string to;
    std::string messageId;
    std::string subject;
    std::string listUnsubscribe;
    std::string listUnsubscribePost;
    std::string text;
    std::string html;
};

// Every message accepted so far whose recipient contains `needle`.
std::vector<SinkMessage> sinkMessages(const std::string& needle);

}  // namespace crmtest
