"""Roles for a third-party plugin's permissions (docs/permissions.md): its
plugin.json "grants" them to roles by default, the operator's
roles.<role>.grant and .revoke (environment or properties file) win over
the manifest, and a grant or setting naming a permission or role that does
not exist stops start-up with a line naming it. The fixture plugin `good`
(one route behind good:read) in servers of the test's own."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
from fixture_plugins import plugin_folder, work_folder  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402


def good_granting(grants):
    """The main plugin path plus `good`, its manifest granting `grants`."""
    return os.environ["CRM_PLUGIN_PATH"] + ":" + plugin_folder("good", lambda m: m.update(grants=grants))


def status_of(token, base):
    return jsonapi.call("GET", "/api/v2/good", token=token, base=base).status


class PluginGrantsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Users live in the database every spawned server shares.
        admin = jsonapi.admin_token()
        cls.tokens = {role: jsonapi.login(jsonapi.new_user(admin, "grants", role))["access_token"]
                      for role in ("dispatcher", "technician", "viewer")}
        cls.tokens["admin"] = admin
        cls.dispatcher_may_read = good_granting({"dispatcher": ["good:read"]})

    def statuses(self, base):
        return {role: status_of(token, base) for role, token in self.tokens.items()}

    def test_the_manifest_grants_its_permission_to_the_roles_it_names(self):
        with SpawnedServer(CRM_PLUGIN_PATH=self.dispatcher_may_read) as server:
            base = "http://127.0.0.1:%d" % server.port
            self.assertEqual({"admin": 200, "dispatcher": 200, "technician": 403, "viewer": 403}, self.statuses(base))
            self.assertEqual(200, jsonapi.call("GET", "/api/v2/good/public", base=base).status)

    def test_without_grants_only_admin_may_use_a_plugins_permission(self):
        with SpawnedServer(CRM_PLUGIN_PATH=good_granting({})) as server:
            base = "http://127.0.0.1:%d" % server.port
            self.assertEqual({"admin": 200, "dispatcher": 403, "technician": 403, "viewer": 403}, self.statuses(base))

    def test_the_operators_settings_win_over_the_manifest(self):
        # The revocation from the environment, the grant from the properties file.
        config = os.path.join(work_folder(), "grants.properties")
        with open(config, "w") as f:
            f.write("roles.viewer.grant = good:read\n")
        with SpawnedServer(args=["--config", config], CRM_PLUGIN_PATH=self.dispatcher_may_read,
                           ROLE_DISPATCHER_REVOKE="good:read") as server:
            base = "http://127.0.0.1:%d" % server.port
            self.assertEqual({"admin": 200, "dispatcher": 403, "technician": 403, "viewer": 200}, self.statuses(base))
            # The built-in plugins' grants are untouched by another plugin's settings.
            self.assertEqual(200, jsonapi.call("GET", "/api/v2/customers", token=self.tokens["dispatcher"], base=base).status)

    def test_a_manifest_granting_a_permission_it_does_not_declare_stops_start_up(self):
        path = good_granting({"dispatcher": ["good:read", "good:write"]})
        with self.assertRaises(RuntimeError) as refused:
            SpawnedServer(CRM_PLUGIN_PATH=path).__enter__()
        manifest = os.path.join(path.split(":")[-1], "good", "plugin.json")
        self.assertIn("crm-server: plugin error: %s: grants 'good:write' to dispatcher, but declares no such permission"
                      % manifest, str(refused.exception))

    def test_a_manifest_granting_to_an_unknown_role_stops_start_up(self):
        with self.assertRaises(RuntimeError) as refused:
            SpawnedServer(CRM_PLUGIN_PATH=good_granting({"supervisor": ["good:read"]})).__enter__()
        self.assertIn("good/plugin.json: grants to 'supervisor', which is no role", str(refused.exception))

    def test_a_setting_naming_an_unknown_permission_stops_start_up(self):
        with self.assertRaises(RuntimeError) as refused:
            SpawnedServer(CRM_PLUGIN_PATH=self.dispatcher_may_read, ROLE_TECHNICIAN_GRANT="good:read, god:read").__enter__()
        self.assertIn("crm-server: configuration error: ROLE_TECHNICIAN_GRANT (roles.technician.grant): 'god:read' is no "
                      "permission of the core or of an installed plugin", str(refused.exception))


if __name__ == "__main__":
    unittest.main()
