#pragma once

#include "app/CommandLine.h"
#include "app/ServerState.h"

#include <Poco/Util/ServerApplication.h>

namespace crm {

// The crm-server process: configuration, then the database, plugin and HTTP
// subsystems, then the command (serve by default).
class CrmServerApp : public Poco::Util::ServerApplication {
public:
    explicit CrmServerApp(CommandLine commandLine);

protected:
    void initialize(Poco::Util::Application& self) override;
    int main(const std::vector<std::string>& args) override;

private:
    int serve();
    int user();
    int listRoutes();
    int listPlugins();
    void configureLogging();
    [[noreturn]] void startupFailed(const std::string& kind, const std::string& message, int code);

    CommandLine commandLine_;
    ServerState state_;
};

}  // namespace crm
