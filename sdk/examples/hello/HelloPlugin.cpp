// The smallest useful plugin: one route that needs a token, one public
// route. It includes only the SDK; the host validates the query parameter
// the route's schema declares (crm::schema) before the handler runs.
#include <crm/plugin.hpp>

#include <string>

class HelloPlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes& routes) override {
        using namespace crm::schema;
        routes.add("GET", "/hello", "hello:read", Route().query({{"name", string().minLength(1).maxLength(64)}}),
                   &HelloPlugin::greet, "Greet the caller");
        routes.add("GET", "/hello/public", CRM_PUBLIC, nullptr, &HelloPlugin::about, "What this plugin is");
    }

private:
    void greet(const crm::Request& request, crm::Response& response) {
        std::string name(request.query("name").value_or("world"));
        response.json("{\"message\": " + crm::quote("Hello, " + name + "!") + "}");
    }

    void about(const crm::Request&, crm::Response& response) {
        response.json(R"({"message": "crm-server example plugin, built out of tree"})");
    }
};

CRM_PLUGIN(HelloPlugin, "hello", "0.1.0")
