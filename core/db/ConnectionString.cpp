#include "db/ConnectionString.h"

#include "config/ConfigError.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <regex>

namespace crm {
namespace {

std::string quoted(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string withoutDriver(const std::string& url) {
    // postgresql+psycopg2://... -> postgresql://...
    auto plus = url.find('+');
    auto scheme = url.find("://");
    if (plus != std::string::npos && scheme != std::string::npos && plus < scheme)
        return url.substr(0, plus) + url.substr(scheme);
    return url;
}

}  // namespace

std::string toLibpqConnectionString(const std::string& databaseUrl) {
    if (databaseUrl.find("://") == std::string::npos) return databaseUrl;
    Poco::URI uri;
    try {
        uri = Poco::URI(withoutDriver(databaseUrl));
    } catch (const Poco::Exception&) {
        throw ConfigError("DATABASE_URL: not a valid URL; expected postgresql://user:password@host:port/dbname");
    }
    if (uri.getScheme() != "postgresql" && uri.getScheme() != "postgres")
        throw ConfigError("DATABASE_URL: scheme '" + uri.getScheme() + "' is not postgresql://");

    std::string out;
    auto add = [&out](const std::string& key, const std::string& value) {
        if (value.empty()) return;
        if (!out.empty()) out += ' ';
        out += key + "=" + quoted(value);
    };
    add("host", uri.getHost());
    if (uri.getPort() != 0) add("port", std::to_string(uri.getPort()));
    std::string path = uri.getPath();
    if (!path.empty() && path[0] == '/') path = path.substr(1);
    add("dbname", path);
    std::string userInfo = uri.getUserInfo();
    auto colon = userInfo.find(':');
    std::string user = colon == std::string::npos ? userInfo : userInfo.substr(0, colon);
    std::string password = colon == std::string::npos ? "" : userInfo.substr(colon + 1);
    std::string decodedUser, decodedPassword;
    Poco::URI::decode(user, decodedUser);
    Poco::URI::decode(password, decodedPassword);
    add("user", decodedUser);
    add("password", decodedPassword);
    for (const auto& [key, value] : uri.getQueryParameters()) add(key, value);
    return out;
}

std::string redactedDatabaseUrl(const std::string& databaseUrl) {
    auto scheme = databaseUrl.find("://");
    // libpq's key=value form (password=secret or password='a secret'), and
    // a URL's ?password= parameter, are as secret as user:password@.
    if (scheme == std::string::npos) {
        static const std::regex kKeyword(R"((^|\s)(password\s*=\s*)('(\\.|[^'\\])*'|\S*))");
        return std::regex_replace(databaseUrl, kKeyword, "$1$2***");
    }
    static const std::regex kParameter(R"(([?&]password=)[^&]*)");
    std::string url = std::regex_replace(databaseUrl, kParameter, "$1***");
    auto at = url.find('@');
    if (at == std::string::npos) return url;
    auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace crm
