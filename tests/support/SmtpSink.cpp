#include "support/SmtpSink.h"

#include "support/TestClient.h"

#include <Poco/JSON/Parser.h>

#include <fstream>

namespace crmtest {

std::vector<SinkMessage> sinkMessages(const std::string& needle) {
    std::vector<SinkMessage> found;
    std::ifstream in(TestClient::env("CRM_TEST_SMTP_LOG"));
    std::string line;
    auto text = [](const Poco::JSON::Object::Ptr& o, const char* key) {
        return o->has(key) && !o->isNull(key) ? o->getValue<std::string>(key) : std::string();
    };
    while (std::getline(in, line)) {
        if (line.empty() || line.back() != '}') continue;  // a line still being written
        auto o = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
        std::string to = o->getArray("to")->getElement<std::string>(0);
        if (to.find(needle) == std::string::npos) continue;
        found.push_back({to, text(o, "message_id"), text(o, "subject"), text(o, "list_unsubscribe"),
                         text(o, "list_unsubscribe_post"), text(o, "text"), text(o, "html")});
    }
    return found;
}

}  // namespace crmtest
