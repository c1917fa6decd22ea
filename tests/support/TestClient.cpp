#include "support/TestClient.h"

#include "support/OpenApiContract.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace crmtest {

Poco::JSON::Object::Ptr HttpResult::object() const {
    try {
        return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("expected a JSON object (status " + std::to_string(status) + "): " + body);
    }
}

Poco::JSON::Array::Ptr HttpResult::array() const {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Array::Ptr>();
}

std::string HttpResult::header(const std::string& name) const {
    auto it = headers.find(Poco::toLower(name));
    return it == headers.end() ? "" : it->second;
}

std::string HttpResult::detail() const {
    auto o = object();
    if (!o->has("detail")) return "";
    return o->get("detail").isString() ? o->getValue<std::string>("detail") : "(list)";
}

std::vector<std::string> HttpResult::invalidFields() const {
    std::vector<std::string> fields;
    auto detail = object()->getArray("detail");
    if (!detail) return fields;
    for (std::size_t i = 0; i < detail->size(); ++i) {
        auto loc = detail->getObject(i)->getArray("loc");
        std::string path;
        for (std::size_t j = 0; j < loc->size(); ++j) path += (j ? "." : "") + loc->getElement<std::string>(j);
        fields.push_back(path);
    }
    return fields;
}

std::string TestClient::env(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value)
        throw std::runtime_error(std::string(name) + " is not set: run the integration tests through scripts/test");
    return value;
}

std::string TestClient::unique(const std::string& prefix) {
    static std::atomic<int> counter{0};
    auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    return prefix + std::to_string(now % 100000000) + "-" + std::to_string(++counter);
}

TestClient::TestClient() {
    Poco::URI uri(env("CRM_TEST_URL"));
    host_ = uri.getHost();
    port_ = uri.getPort();
}

HttpResult TestClient::request(const std::string& method, const std::string& path, const std::string& body,
                               std::map<std::string, std::string> headers) const {
    Poco::Net::HTTPClientSession session(host_, port_);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers) request.set(name, value);
    bool declared = headers.count("Content-Length") != 0;
    if (!declared && (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH"))
        request.setContentLength(body.size());
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpResult result;
    result.status = response.getStatus();
    for (const auto& [name, value] : response) result.headers[Poco::toLower(name)] = value;
    std::ostringstream content;
    content << in.rdbuf();
    result.body = content.str();
    if (const auto* contract = OpenApiContract::of(host_, port_)) contract->check(method, path, result);
    return result;
}

HttpResult TestClient::call(const std::string& method, const std::string& path, const std::string& token,
                            const std::string& json) const {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    if (!json.empty()) headers["Content-Type"] = "application/json";
    return request(method, path, json, headers);
}

std::string TestClient::login(const std::string& email, const std::string& password) const {
    auto r = request("POST", "/api/v2/auth/login", R"({"email": ")" + email + R"(", "password": ")" + password + R"("})",
                     {{"Content-Type", "application/json"}});
    if (r.status != 200) throw std::runtime_error("login of " + email + " failed: " + std::to_string(r.status) + " " + r.body);
    return r.object()->getValue<std::string>("access_token");
}

std::string TestClient::adminToken() const {
    static std::string token;
    if (token.empty()) token = login(env("CRM_TEST_ADMIN_EMAIL"), env("CRM_TEST_ADMIN_PASSWORD"));
    return token;
}

std::string TestClient::tokenForNewUser(const std::string& role) const {
    std::string email = unique(role) + "@example.com";
    const std::string password = "a-long-enough-password";
    auto r = call("POST", "/api/v2/users", adminToken(),
                  R"({"email": ")" + email + R"(", "password": ")" + password + R"(", "role": ")" + role + R"("})");
    if (r.status != 201) throw std::runtime_error("creating a " + role + " failed: " + r.body);
    return login(email, password);
}

}  // namespace crmtest
