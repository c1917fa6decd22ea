// crm-server: the CRM API server. Wires the command line to the application;
// every start-up error ends here as one line naming what to fix.
#include "app/CommandLine.h"
#include "app/CrmServerApp.h"
#include "config/ConfigError.h"
#include "config/SettingsMarkdown.h"
#include "plugins/PluginError.h"

#include <Poco/Exception.h>

#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    crm::CommandLine commandLine;
    try {
        commandLine = crm::CommandLine::parse(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::invalid_argument& e) {
        std::cerr << "crm-server: " << e.what() << "\n" << crm::CommandLine::usage();
        return 64;
    }
    if (commandLine.help) {
        std::cout << crm::CommandLine::usage();
        return 0;
    }
    // Before any configuration is read: the table is the same wherever it
    // is printed, and docs are made from it on machines with no database.
    if (commandLine.command == "settings") {
        std::cout << crm::settingsMarkdown();
        return 0;
    }
    try {
        crm::CrmServerApp app(commandLine);
        // The arguments were parsed above; POCO sees only the program name.
        return app.run(1, argv);
    } catch (const crm::ConfigError& e) {
        // One line for each invalid value, so every one is fixed in one go.
        std::istringstream problems(e.what());
        for (std::string line; std::getline(problems, line);) std::cerr << "crm-server: configuration error: " << line << "\n";
        return 78;
    } catch (const crm::PluginError& e) {
        std::cerr << "crm-server: plugin error: " << e.what() << "\n";
        return 70;
    } catch (const Poco::Exception& e) {
        std::cerr << "crm-server: " << e.displayText() << "\n";
        return 70;
    } catch (const std::exception& e) {
        std::cerr << "crm-server: " << e.what() << "\n";
        return 70;
    }
}
