#include "app/CrmServerApp.h"

#include "app/EffectiveSettings.h"
#include "app/PasswordInput.h"
#include "app/Subsystems.h"
#include "config/ConfigLoader.h"
#include "db/ConnectionString.h"
#include "auth/Permissions.h"
#include "config/ConfigError.h"
#include "db/DbError.h"
#include "plugins/PluginError.h"
#include "log/JsonLogFormatter.h"

#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>

#include <iomanip>
#include <iostream>
#include <sstream>

namespace crm {

CrmServerApp::CrmServerApp(CommandLine commandLine) : commandLine_(std::move(commandLine)) {
    state_.command = commandLine_.command;
    state_.config = ConfigLoader::load(commandLine_.configFile, ConfigLoader::processEnvironment());
    state_.settings = Settings::fromConfiguration(*state_.config, commandLine_.dev);
    configureLogging();
    addSubsystem(new DatabaseSubsystem(state_));
    addSubsystem(new AuthSubsystem(state_));
    addSubsystem(new PluginSubsystem(state_));
    addSubsystem(new HttpSubsystem(state_));
}

void CrmServerApp::configureLogging() {
    Poco::AutoPtr<Poco::FormattingChannel> channel(
        new Poco::FormattingChannel(new JsonLogFormatter, new Poco::ConsoleChannel(std::cout)));
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::root().setLevel(state_.settings.logLevel);
    // Loggers made before this point (none should be) keep their old level.
    Poco::Logger::setLevel("", Poco::Logger::parseLevel(state_.settings.logLevel));
}

void CrmServerApp::initialize(Poco::Util::Application& self) {
    // No Application::loadConfiguration: the layered configuration is ours.
    // A subsystem that cannot start ends the process here with one line on
    // stderr and a sysexits code, before anything serves.
    try {
        Poco::Util::ServerApplication::initialize(self);
    } catch (const PluginError& e) {
        startupFailed("plugin error: ", e.what(), EXIT_SOFTWARE);
    } catch (const ConfigError& e) {
        startupFailed("configuration error: ", e.what(), EXIT_CONFIG);
    } catch (const DbUnavailable& e) {
        startupFailed("", std::string(e.what()) + " (" + redactedDatabaseUrl(state_.settings.databaseUrl) + ")", EXIT_UNAVAILABLE);
    } catch (const Poco::Exception& e) {
        startupFailed("", e.displayText(), EXIT_SOFTWARE);
    } catch (const std::exception& e) {
        startupFailed("", e.what(), EXIT_SOFTWARE);
    }
}

// A ConfigError holds one line per bad value: each is printed as its own
// "crm-server: configuration error: ..." line, as main.cpp does.
void CrmServerApp::startupFailed(const std::string& kind, const std::string& message, int code) {
    std::istringstream lines(message);
    for (std::string line; std::getline(lines, line);) std::cerr << "crm-server: " << kind << line << "\n";
    std::exit(code);
}

int CrmServerApp::main(const std::vector<std::string>&) {
    const auto& command = commandLine_.command;
    if (command == "serve") return serve();
    if (command == "user") {
        try {
            return user();
        } catch (const std::exception& e) {
            std::cerr << "crm-server: " << e.what() << "\n";
            return EXIT_USAGE;
        }
    }
    if (command == "routes") return listRoutes();
    if (command == "plugins") return listPlugins();
    if (command == "check-config") {
        // Invalid values never get here: they ended the process, one line each.
        std::cout << "configuration is valid (database " << redactedDatabaseUrl(state_.settings.databaseUrl) << ")\n";
        printEffectiveSettings(std::cout, SettingValues(*state_.config, commandLine_.dev));
    }
    return EXIT_OK;  // migrate: the database subsystem applied them
}

int CrmServerApp::serve() {
    const auto& s = state_.settings;
    AuthSubsystem::start(state_);
    state_.plugins->startJobs();
    HttpSubsystem::start(state_);
    Poco::Logger::get("http").information("serving on http://" + s.host + ":" + std::to_string(s.port) + " with " +
                                          std::to_string(state_.router.routes().size()) + " routes and " +
                                          std::to_string(state_.plugins->plugins().size()) + " plugins");
    waitForTerminationRequest();
    Poco::Logger::get("http").information("shutting down");
    return EXIT_OK;
}

int CrmServerApp::user() {
    auto option = [this](const std::string& name) -> std::string {
        auto it = commandLine_.options.find(name);
        if (it == commandLine_.options.end() || it->second.empty())
            throw std::invalid_argument("user " + commandLine_.subcommand + " needs --" + name);
        return it->second;
    };
    // The password from standard input unless --password is given: argv is
    // visible to every user of the machine (ps), a pipe is not.
    auto password = [this]() -> std::string {
        auto it = commandLine_.options.find("password");
        if (it != commandLine_.options.end() && !it->second.empty()) return it->second;
        std::string line = readPasswordLine();
        if (line.empty())
            throw std::invalid_argument("user " + commandLine_.subcommand +
                                        ": give the password on standard input (echo \"$PASSWORD\" | crm-server user ...)");
        return line;
    };
    const auto& sub = commandLine_.subcommand;
    std::string email = option("email");
    if (sub == "add") {
        std::string role = option("role");
        std::string secret = password();
        if (secret.size() < 12) throw std::invalid_argument("the password must have at least 12 characters");
        if (!Permissions::isRole(role)) throw std::invalid_argument("--role must be admin, dispatcher, technician or viewer");
        auto name = commandLine_.options.count("name") ? std::optional<std::string>(commandLine_.options["name"]) : std::nullopt;
        std::cout << state_.users->create(email, secret, name, role, std::nullopt) << "\n";
        return EXIT_OK;
    }
    bool found = sub == "passwd" ? state_.users->setPassword(email, password()) : state_.users->setActive(email, false);
    if (!found) {
        std::cerr << "crm-server: no user with email " << email << "\n";
        return EXIT_DATAERR;
    }
    std::cout << "user " << email << (sub == "passwd" ? ": password changed\n" : ": disabled\n");
    return EXIT_OK;
}

// The last column says who may call the route, with the operator's roles.*
// applied: "public", or the roles, e.g. "admin, dispatcher".
int CrmServerApp::listRoutes() {
    for (const auto& r : state_.router.routes()) {
        std::string callers = r.isPublic() ? "public" : "";
        if (!r.isPublic())
            for (const auto& role : state_.permissions.rolesAllowed(r.permission)) callers += (callers.empty() ? "" : ", ") + role;
        std::cout << std::left << std::setw(7) << r.method << std::setw(48) << r.path << std::setw(30) << r.permission
                  << std::setw(14) << r.owner << callers << "\n";
    }
    return EXIT_OK;
}

int CrmServerApp::listPlugins() {
    for (const auto& p : state_.plugins->plugins())
        std::cout << std::left << std::setw(16) << p->manifest.id << std::setw(10) << p->manifest.version << "abi "
                  << p->manifest.abiMajor << "." << p->manifest.abiMinor << "  loaded  " << p->routeCount << " routes  "
                  << p->manifest.directory << "\n";
    return EXIT_OK;
}

}  // namespace crm
