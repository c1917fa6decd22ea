#include "api/Router.h"
#include "plugins/PluginError.h"
#include "plugins/PluginHost.h"

#include <Poco/Util/MapConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

using crm::PluginError;
using crm::PluginHost;
using crm::PluginManifest;

namespace {

std::string fixture(const std::string& id) { return std::string(CRM_FIXTURE_PLUGIN_DIR) + "/" + id; }

}  // namespace

class PluginHostTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PluginHostTest);
    CPPUNIT_TEST(loadsAGoodPluginAndItsRoutes);
    CPPUNIT_TEST(refusesAnotherMajorBeforeOpeningTheLibrary);
    CPPUNIT_TEST(refusesALibraryBuiltForANewerMinor);
    CPPUNIT_TEST(refusesALibraryWithoutEntryPoint);
    CPPUNIT_TEST(refusesARouteWithoutPolicy);
    CPPUNIT_TEST(refusesAMissingRequirement);
    CPPUNIT_TEST(comparesVersionRanges);
    CPPUNIT_TEST(refusesARangeWithoutAVersionNamingThePlugin);
    CPPUNIT_TEST_SUITE_END();

    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;

    std::string refusal(const std::string& id) {
        crm::Router router;
        PluginHost host(router, nullptr, *config);
        try {
            host.load(PluginManifest::load(fixture(id)));
        } catch (const PluginError& e) {
            CPPUNIT_ASSERT_MESSAGE("a refused plugin registers no routes", router.routes().empty());
            return e.what();
        }
        return "";
    }

    static bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

public:
    void loadsAGoodPluginAndItsRoutes() {
        crm::Router router;
        PluginHost host(router, nullptr, *config);
        host.load(PluginManifest::load(fixture("good")));
        CPPUNIT_ASSERT_EQUAL(size_t(1), host.plugins().size());
        auto m = router.match("GET", "/api/v2/good");
        CPPUNIT_ASSERT(m.route);
        CPPUNIT_ASSERT_EQUAL(std::string("good:read"), m.route->permission);
        CPPUNIT_ASSERT_EQUAL(std::string("good"), m.route->owner);
        CPPUNIT_ASSERT(router.match("GET", "/api/v2/good/public").route->isPublic());

        crm::Request request;
        crm::Response response;
        CPPUNIT_ASSERT_EQUAL(int(CRM_OK), m.route->handler(request, response));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"good": true})"), response.body);
    }

    void refusesAnotherMajorBeforeOpeningTheLibrary() {
        std::string e = refusal("wrong-major");
        CPPUNIT_ASSERT_MESSAGE(e, contains(e, "SDK ABI 2.0") && contains(e, "provides 1."));
    }

    void refusesALibraryBuiltForANewerMinor() {
        std::string e = refusal("newer-minor");
        CPPUNIT_ASSERT_MESSAGE(e, contains(e, "library was built for SDK ABI 1.") && contains(e, "rebuild"));
    }

    void refusesALibraryWithoutEntryPoint() {
        std::string e = refusal("no-entry");
        CPPUNIT_ASSERT_MESSAGE(e, contains(e, "no entry point crm_plugin_query_v1"));
    }

    void refusesARouteWithoutPolicy() {
        std::string e = refusal("no-policy");
        CPPUNIT_ASSERT_MESSAGE(e, contains(e, "GET /things declares no permission"));
    }

    void refusesAMissingRequirement() {
        auto manifest = PluginManifest::load(fixture("good"));
        manifest.requirements["customers"] = ">=1.0.0";
        CPPUNIT_ASSERT_THROW(crm::orderByRequirements({manifest}), PluginError);
    }

    void comparesVersionRanges() {
        CPPUNIT_ASSERT(crm::versionSatisfies("1.2.0", ">=1.0.0 <2.0.0"));
        CPPUNIT_ASSERT(!crm::versionSatisfies("2.0.0", ">=1.0.0 <2.0.0"));
        CPPUNIT_ASSERT(crm::versionSatisfies("0.1.0", "*"));
        CPPUNIT_ASSERT(crm::versionSatisfies("1.2", "=1.2.0"));
    }

    // Found by the manifest fuzzer: ">=" alone threw std::out_of_range.
    void refusesARangeWithoutAVersionNamingThePlugin() {
        CPPUNIT_ASSERT_THROW(crm::versionSatisfies("1.0.0", ">="), PluginError);
        auto good = PluginManifest::load(fixture("good"));
        auto other = good;
        other.id = "other";
        other.requirements["good"] = ">=1.0.0 <";
        try {
            crm::orderByRequirements({good, other});
            CPPUNIT_FAIL("a range without a version was accepted");
        } catch (const PluginError& e) {
            std::string what = e.what();
            CPPUNIT_ASSERT_MESSAGE(what, contains(what, "plugin 'other' requires 'good' >=1.0.0 <"));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PluginHostTest);
