#include "plugins/PluginManifest.h"

#include "plugins/PluginError.h"

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/RegularExpression.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace crm {
namespace {

std::vector<int> parts(const std::string& version) {
    std::vector<int> out;
    Poco::StringTokenizer tokens(version, ".", Poco::StringTokenizer::TOK_TRIM);
    for (const auto& t : tokens) {
        try {
            out.push_back(std::stoi(t));
        } catch (const std::exception&) {
            throw PluginError("version '" + version + "' is not of the form MAJOR.MINOR.PATCH");
        }
    }
    while (out.size() < 3) out.push_back(0);
    return out;
}

// The signing secret, the database's address and password, and the admin
// account's password: with any of them a plugin could act as the core.
bool isCoreSecret(const std::string& key) {
    for (const char* prefix : {"auth.", "database.", "admin."})
        if (key.rfind(prefix, 0) == 0) return true;
    return false;
}

}  // namespace

bool versionSatisfies(const std::string& version, const std::string& range) {
    auto have = parts(version);
    Poco::StringTokenizer conditions(range, " ,", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& condition : conditions) {
        if (condition == "*") continue;
        std::size_t opLength = condition.find_first_of("0123456789");
        // ">=" or "latest" alone compares with nothing; substr would throw
        // out_of_range, a start-up error naming neither range nor plugin.
        if (opLength == std::string::npos)
            throw PluginError("version range '" + range + "': '" + condition + "' has no version to compare with");
        std::string op = condition.substr(0, opLength);
        auto want = parts(condition.substr(opLength));
        bool ok = op == ">=" ? have >= want : op == ">" ? have > want : op == "<=" ? have <= want
                : op == "<" ? have < want : (op == "=" || op.empty()) ? have == want : false;
        if (!ok) return false;
    }
    return true;
}

PluginManifest PluginManifest::load(const std::string& directory) {
    std::string file = Poco::Path(directory).append("plugin.json").toString();
    std::ifstream in(file);
    if (!in) throw PluginError(file + ": cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    return parse(text.str(), directory, file);
}

PluginManifest PluginManifest::parse(const std::string& text, const std::string& directory, const std::string& file) {
    PluginManifest m;
    m.directory = Poco::Path(directory).absolute().toString();
    if (!m.directory.empty() && m.directory.back() == '/') m.directory.pop_back();
    try {
        auto root = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        m.id = root->getValue<std::string>("id");
        m.version = root->getValue<std::string>("version");
        m.description = root->optValue<std::string>("description", "");
        std::string abi = root->getValue<std::string>("sdk_abi");
        auto dot = abi.find('.');
        if (dot == std::string::npos) throw PluginError(file + ": sdk_abi must be MAJOR.MINOR, got '" + abi + "'");
        m.abiMajor = std::stoi(abi.substr(0, dot));
        m.abiMinor = std::stoi(abi.substr(dot + 1));
        m.library = Poco::Path(m.directory).append(root->getValue<std::string>("library")).toString();
        if (auto required = root->getObject("requires"))
            for (const auto& name : required->getNames()) m.requirements[name] = required->getValue<std::string>(name);
        if (auto permissions = root->getArray("permissions"))
            for (std::size_t i = 0; i < permissions->size(); ++i) m.permissions.push_back(permissions->getElement<std::string>(i));
        if (auto grants = root->getObject("grants"))
            for (const auto& role : grants->getNames()) {
                auto granted = grants->getArray(role);
                if (!granted) throw PluginError(file + ": \"grants\": \"" + role + "\" must be a list of permissions");
                for (std::size_t i = 0; i < granted->size(); ++i) m.grants[role].push_back(granted->getElement<std::string>(i));
            }
        if (auto prefixes = root->getArray("route_prefixes"))
            for (std::size_t i = 0; i < prefixes->size(); ++i) m.routePrefixes.push_back(prefixes->getElement<std::string>(i));
        if (auto paths = root->getArray("static_paths"))
            for (std::size_t i = 0; i < paths->size(); ++i) m.staticPaths.push_back(paths->getElement<std::string>(i));
        if (auto keys = root->getArray("config"))
            for (std::size_t i = 0; i < keys->size(); ++i) m.configKeys.push_back(keys->getElement<std::string>(i));
    } catch (const PluginError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw PluginError(file + ": " + e.displayText() + " (needs id, version, sdk_abi and library)");
    } catch (const std::exception& e) {
        throw PluginError(file + ": " + e.what());
    }
    static const Poco::RegularExpression kId("^[a-z][a-z0-9-]{0,63}$");
    if (!kId.match(m.id)) throw PluginError(file + ": id '" + m.id + "' must be lowercase letters, digits and dashes");
    parts(m.version);
    for (const auto& key : m.configKeys)
        if (isCoreSecret(key))
            throw PluginError(file + ": \"config\" lists '" + key +
                              "', which belongs to the core; a plugin cannot read auth.*, database.* or admin.*");
    return m;
}

bool PluginManifest::mayRead(const std::string& key) const {
    if (key.rfind("plugins." + id + ".", 0) == 0) return true;
    return std::find(configKeys.begin(), configKeys.end(), key) != configKeys.end();
}

std::vector<PluginManifest> orderByRequirements(const std::vector<PluginManifest>& manifests) {
    std::map<std::string, const PluginManifest*> byId;
    for (const auto& m : manifests) {
        if (byId.count(m.id))
            throw PluginError("plugin '" + m.id + "' is installed twice: " + byId[m.id]->directory + " and " + m.directory +
                              "; remove one");
        byId[m.id] = &m;
    }
    for (const auto& m : manifests) {
        for (const auto& [id, range] : m.requirements) {
            if (id == "core") continue;
            auto it = byId.find(id);
            if (it == byId.end()) throw PluginError("plugin '" + m.id + "' requires plugin '" + id + "' (" + range + "), which is not installed");
            bool satisfied = false;
            try {
                satisfied = versionSatisfies(it->second->version, range);
            } catch (const PluginError& e) {
                // A malformed range: say whose manifest holds it.
                throw PluginError("plugin '" + m.id + "' requires '" + id + "' " + range + ", which does not parse: " + e.what());
            }
            if (!satisfied)
                throw PluginError("plugin '" + m.id + "' requires '" + id + "' " + range + " but " + it->second->version + " is installed");
        }
    }
    std::vector<PluginManifest> ordered;
    std::set<std::string> done, visiting;
    std::function<void(const PluginManifest&)> visit = [&](const PluginManifest& m) {
        if (done.count(m.id)) return;
        if (visiting.count(m.id)) throw PluginError("plugins require each other in a cycle through '" + m.id + "'");
        visiting.insert(m.id);
        for (const auto& [id, range] : m.requirements)
            if (id != "core") visit(*byId[id]);
        visiting.erase(m.id);
        done.insert(m.id);
        ordered.push_back(m);
    };
    // Visit in id order so the load order does not depend on directory listing order.
    for (const auto& [id, m] : byId) visit(*m);
    return ordered;
}

}  // namespace crm
