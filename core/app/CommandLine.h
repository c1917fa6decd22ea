#pragma once

#include <map>
#include <string>
#include <vector>

namespace crm {

// crm-server [--config FILE] [--dev] [COMMAND [SUBCOMMAND]] [--name value ...]
struct CommandLine {
    std::string command = "serve";
    std::string subcommand;
    std::string configFile;
    bool dev = false;
    bool help = false;
    bool markdown = false;  // settings --markdown
    std::map<std::string, std::string> options;  // --email x, --role y, ...

    // Throws std::invalid_argument with a usage hint.
    static CommandLine parse(const std::vector<std::string>& args);
    static const char* usage();
};

}  // namespace crm
