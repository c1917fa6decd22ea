// The role table as the server builds it: the built-in plugins' manifests
// grant exactly what API.md section 2 says each role may do, the operator's
// roles.* settings change it, and a manifest or setting naming a role or
// permission that does not exist stops start-up naming it.
#include "app/RolePermissions.h"
#include "config/ConfigError.h"
#include "plugins/PluginError.h"

#include <Poco/Util/MapConfiguration.h>

#include <map>
#include <set>

#include <cppunit/extensions/HelperMacros.h>

using crm::Permissions;
using crm::PluginManifest;

namespace {

const char* const kBuiltIns[] = {"customers", "technicians", "work-orders", "schedule", "reports", "email", "console"};

// API.md section 2, besides admin (who holds everything): dispatchers read
// and write customers, technicians, work orders, campaigns and read the
// schedule and reports; technicians read customers, technicians, schedule
// and work orders and update their own; viewers read all but users.
const std::map<std::string, std::set<std::string>> kContract = {
    {"customers:read", {"dispatcher", "technician", "viewer"}},
    {"customers:write", {"dispatcher"}},
    {"technicians:read", {"dispatcher", "technician", "viewer"}},
    {"technicians:write", {"dispatcher"}},
    {"work_orders:read", {"dispatcher", "technician", "viewer"}},
    {"work_orders:write", {"dispatcher"}},
    {"work_orders:update_assigned", {"dispatcher", "technician"}},
    {"schedule:read", {"dispatcher", "technician", "viewer"}},
    {"campaigns:read", {"dispatcher", "viewer"}},
    {"campaigns:write", {"dispatcher"}},
    {"reports:read", {"dispatcher", "viewer"}},
    {"users:read", {}},
    {"users:write", {}},
};

std::vector<PluginManifest> builtInManifests() {
    std::vector<PluginManifest> manifests;
    for (const char* id : kBuiltIns) manifests.push_back(PluginManifest::load(std::string(CRM_PLUGIN_BUILD_DIR) + "/" + id));
    return manifests;
}

PluginManifest thingsPlugin(const std::string& grants) {
    return PluginManifest::parse(R"({"id": "things", "version": "1.0.0", "sdk_abi": "1.4", "library": "libcrm-things.so",
                                     "permissions": ["things:read", "things:write"], "grants": )" + grants + "}",
                                 "/plugins/things", "/plugins/things/plugin.json");
}

crm::Settings settingsWith(const std::map<std::string, std::string>& values) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    config->setString("database.url", "postgresql://crm@localhost/crm");
    config->setString("auth.secret", std::string(40, 's'));
    for (const auto& [key, value] : values) config->setString(key, value);
    return crm::Settings::fromConfiguration(*config, false);
}

std::set<std::string> allowedRoles(const Permissions& permissions, const std::string& permission) {
    auto roles = permissions.rolesAllowed(permission);
    return {roles.begin(), roles.end()};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

class PermissionsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PermissionsTest);
    CPPUNIT_TEST(builtInManifestsGrantWhatTheContractSays);
    CPPUNIT_TEST(adminHoldsEveryPermission);
    CPPUNIT_TEST(aPluginWithoutGrantsIsAdminsAlone);
    CPPUNIT_TEST(theOperatorGrantsAndRevokesOverTheManifest);
    CPPUNIT_TEST(refusesAGrantOfAnUndeclaredPermissionNamingFileRoleAndPermission);
    CPPUNIT_TEST(refusesAGrantToAnUnknownRole);
    CPPUNIT_TEST(refusesAPermissionDeclaredTwice);
    CPPUNIT_TEST(refusesOperatorSettingsNamingNothing);
    CPPUNIT_TEST(refusesAnUnknownRoleKey);
    CPPUNIT_TEST(refusesGrantingAndRevokingTheSamePermission);
    CPPUNIT_TEST(theSettingsChangeEveryRoleButAdmin);
    CPPUNIT_TEST_SUITE_END();

public:
    void builtInManifestsGrantWhatTheContractSays() {
        auto manifests = builtInManifests();
        auto permissions = crm::rolePermissions(manifests, settingsWith({}));
        std::set<std::string> declared;
        for (const auto& m : manifests) declared.insert(m.permissions.begin(), m.permissions.end());
        for (const auto& permission : declared)
            CPPUNIT_ASSERT_MESSAGE(permission + " is declared by a built-in plugin but missing here", kContract.count(permission));
        for (const auto& [permission, roles] : kContract) {
            std::set<std::string> expected = roles;
            expected.insert("admin");
            CPPUNIT_ASSERT_MESSAGE(permission, expected == allowedRoles(permissions, permission));
        }
    }

    void adminHoldsEveryPermission() {
        Permissions permissions;
        CPPUNIT_ASSERT(permissions.allows("admin", "users:write"));
        CPPUNIT_ASSERT(permissions.allows("admin", "anything:at_all"));
        CPPUNIT_ASSERT(permissions.allows("viewer", Permissions::kAuthenticated));
        CPPUNIT_ASSERT(!permissions.allows("nobody", Permissions::kAuthenticated));
    }

    void aPluginWithoutGrantsIsAdminsAlone() {
        auto permissions = crm::rolePermissions({thingsPlugin("{}")}, settingsWith({}));
        CPPUNIT_ASSERT(std::set<std::string>{"admin"} == allowedRoles(permissions, "things:read"));
    }

    void theOperatorGrantsAndRevokesOverTheManifest() {
        auto manifest = thingsPlugin(R"({"dispatcher": ["things:read", "things:write"], "viewer": ["things:read"]})");
        auto permissions = crm::rolePermissions(
            {manifest}, settingsWith({{"roles.dispatcher.revoke", "things:write"}, {"roles.technician.grant", "things:read"}}));
        CPPUNIT_ASSERT(permissions.allows("dispatcher", "things:read"));
        CPPUNIT_ASSERT(!permissions.allows("dispatcher", "things:write"));
        CPPUNIT_ASSERT(permissions.allows("technician", "things:read"));
        CPPUNIT_ASSERT(permissions.allows("viewer", "things:read"));
        CPPUNIT_ASSERT(permissions.allows("admin", "things:write"));
    }

    void refusesAGrantOfAnUndeclaredPermissionNamingFileRoleAndPermission() {
        std::string message = refusal(thingsPlugin(R"({"dispatcher": ["things:delete"]})"));
        CPPUNIT_ASSERT_MESSAGE(message, contains(message, "/plugins/things/plugin.json: "));
        CPPUNIT_ASSERT_MESSAGE(message, contains(message, "'things:delete' to dispatcher"));
    }

    void refusesAGrantToAnUnknownRole() {
        std::string message = refusal(thingsPlugin(R"({"manager": ["things:read"]})"));
        CPPUNIT_ASSERT_MESSAGE(message, contains(message, "/plugins/things/plugin.json: grants to 'manager', which is no role"));
    }

    // Else a plugin could declare customers:write too and grant it to viewers.
    void refusesAPermissionDeclaredTwice() {
        auto manifests = builtInManifests();
        manifests.push_back(PluginManifest::parse(
            R"({"id": "rogue", "version": "1.0.0", "sdk_abi": "1.4", "library": "librogue.so",
                "permissions": ["customers:write"], "grants": {"viewer": ["customers:write"]}})",
            "/plugins/rogue", "/plugins/rogue/plugin.json"));
        std::string message = refusal(manifests);
        CPPUNIT_ASSERT_MESSAGE(message, contains(message, "'customers:write' of 'rogue' is already declared by 'customers'"));
    }

    void refusesOperatorSettingsNamingNothing() {
        std::string message = configProblem({{"roles.viewer.grant", "things:write, users:read"},
                                             {"roles.dispatcher.revoke", "thing:read"}});
        CPPUNIT_ASSERT_MESSAGE(message, contains(message, "\nROLE_VIEWER_GRANT (roles.viewer.grant): 'users:read' is the core's own"));
        CPPUNIT_ASSERT_MESSAGE(message, contains(message, "ROLE_DISPATCHER_REVOKE (roles.dispatcher.revoke): 'thing:read' is no "
                                                          "permission"));
        CPPUNIT_ASSERT_MESSAGE(message, !contains(message, "things:write"));
    }

    void refusesAnUnknownRoleKey() {
        std::string message = configProblem({{"roles.manager.grant", "things:read"}, {"roles.viewer.grants", "things:read"}});
        CPPUNIT_ASSERT_MESSAGE(message, contains(message, "roles.manager.grant: no such setting"));
        CPPUNIT_ASSERT_MESSAGE(message, contains(message, "\nroles.viewer.grants: no such setting"));
    }

    void refusesGrantingAndRevokingTheSamePermission() {
        std::string message = configProblem({{"roles.viewer.grant", "things:write"}, {"roles.viewer.revoke", "things:write"}});
        CPPUNIT_ASSERT_MESSAGE(message, contains(message, "both name 'things:write'"));
    }

    // config, below auth, learns the roles from its own table's
    // roles.<role>.grant rows; they must be auth's roles, admin aside.
    void theSettingsChangeEveryRoleButAdmin() {
        std::set<std::string> changeable;
        for (const auto& [role, changes] : settingsWith({}).roleChanges) changeable.insert(role);
        std::set<std::string> expected(Permissions::roles().begin(), Permissions::roles().end());
        expected.erase(Permissions::kAdmin);
        CPPUNIT_ASSERT(expected == changeable);
    }

private:
    static std::string refusal(const std::vector<PluginManifest>& manifests) {
        try {
            crm::rolePermissions(manifests, settingsWith({}));
        } catch (const crm::PluginError& e) {
            return e.what();
        }
        CPPUNIT_FAIL("the manifests were accepted");
        return "";
    }

    static std::string refusal(const PluginManifest& manifest) { return refusal(std::vector<PluginManifest>{manifest}); }

    static std::string configProblem(const std::map<std::string, std::string>& values) {
        try {
            crm::rolePermissions({thingsPlugin("{}")}, settingsWith(values));
        } catch (const crm::ConfigError& e) {
            return e.what();
        }
        CPPUNIT_FAIL("the settings were accepted");
        return "";
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PermissionsTest);
