#pragma once

// A small HTTP client for the integration suites: talks to the server that
// scripts/test started (CRM_TEST_URL) and signs in as the bootstrap admin
// (CRM_TEST_ADMIN_EMAIL / CRM_TEST_ADMIN_PASSWORD).

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <string>
#include <vector>

namespace crmtest {

struct HttpResult {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    Poco::JSON::Object::Ptr object() const;
    Poco::JSON::Array::Ptr array() const;
    std::string header(const std::string& name) const;
    // The detail of an error body, as text.
    std::string detail() const;
    // The "loc" field names of a 422 body, e.g. {"body.name", "query.page"}.
    std::vector<std::string> invalidFields() const;
};

class TestClient {
public:
    TestClient();

    HttpResult request(const std::string& method, const std::string& path, const std::string& body = "",
                       std::map<std::string, std::string> headers = {}) const;

    // With "Authorization: Bearer <token>" and a JSON content type when a body is given.
    HttpResult call(const std::string& method, const std::string& path, const std::string& token,
                    const std::string& json = "") const;

    std::string login(const std::string& email, const std::string& password) const;
    std::string adminToken() const;

    // Creates a user of that role (bcrypt cost is low in tests) and returns its token.
    std::string tokenForNewUser(const std::string& role) const;

    static std::string env(const char* name);
    static std::string unique(const std::string& prefix);

private:
    std::string host_;
    unsigned short port_ = 0;
};

}  // namespace crmtest
