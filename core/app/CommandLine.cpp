#include "app/CommandLine.h"

#include <set>
#include <stdexcept>

namespace crm {

const char* CommandLine::usage() {
    return "usage: crm-server [--config FILE] [--dev] [COMMAND]\n"
           "commands:\n"
           "  serve                 apply migrations and serve HTTP (default)\n"
           "  migrate               apply migrations and exit\n"
           "  user add --email E --role R [--name N]     the password on standard input\n"
           "  user passwd --email E                      the password on standard input\n"
           "                        (--password P works too, but shows it to every user in ps)\n"
           "  user disable --email E\n"
           "  routes                list every route with its permission and the roles that may call it\n"
           "  plugins               list installed plugins\n"
           "  check-config          report every invalid setting, else print the settings in effect\n"
           "  settings --markdown   print the table of settings (README.md's configuration table)\n"
           "configuration: DATABASE_URL, SECRET_KEY, PORT, ALLOWED_ORIGINS, ... (crm-server settings --markdown)\n";
}

CommandLine CommandLine::parse(const std::vector<std::string>& args) {
    static const std::set<std::string> kCommands = {"serve", "migrate", "user", "routes", "plugins", "check-config",
                                                  "settings"};
    CommandLine cl;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            cl.help = true;
        } else if (a == "--dev") {
            cl.dev = true;
        } else if (a == "--markdown") {
            cl.markdown = true;
        } else if (a.rfind("--", 0) == 0) {
            std::string name = a.substr(2), value;
            auto eq = name.find('=');
            if (eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                throw std::invalid_argument("option --" + name + " needs a value");
            }
            if (name == "config") cl.configFile = value;
            else cl.options[name] = value;
        } else {
            positional.push_back(a);
        }
    }
    if (!positional.empty()) cl.command = positional[0];
    if (positional.size() > 1) cl.subcommand = positional[1];
    if (!kCommands.count(cl.command)) throw std::invalid_argument("unknown command '" + cl.command + "'");
    if (cl.command == "user" && cl.subcommand != "add" && cl.subcommand != "passwd" && cl.subcommand != "disable")
        throw std::invalid_argument("user needs add, passwd or disable");
    // One format for now; the flag keeps room for another without changing
    // what `settings` alone means.
    if ((cl.command == "settings") != cl.markdown)
        throw std::invalid_argument(cl.markdown ? "--markdown goes with settings" : "settings needs --markdown");
    return cl;
}

}  // namespace crm
