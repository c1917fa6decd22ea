"""Configuration only from documented places, plugins only from folders
nobody else can change (security audit finding 8). A `.env` or a
`config/crm-server.properties` in the folder a command runs in is someone
else's as often as it is ours: the server must not read either. A plugin
folder, manifest, library or SQL folder that its group or anyone can write,
or that another account owns, would let that account run code in the
server: it must refuse to start, naming the path."""
import os
import stat
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from fixture_plugins import plugin_folder, work_folder  # noqa: E402
from jsonapi import call  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402

PROBE = "/api/v2/good/public"
REAL_PLUGINS = os.environ["CRM_PLUGIN_PATH"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def probe_status(server):
    return call("GET", PROBE, base="http://127.0.0.1:%d" % server.port).status


class ConfigSourcesTest(unittest.TestCase):
    def test_a_dotenv_in_the_working_folder_is_not_read(self):
        stranger = work_folder()
        write(os.path.join(stranger, ".env"), "CRM_PLUGIN_PATH=%s\n" % plugin_folder("good"))
        ours = os.path.join(work_folder(), "crm-server.properties")
        write(ours, "plugins.path = %s\n" % REAL_PLUGINS)
        with SpawnedServer(args=["--config", ours], cwd=stranger, unset=["CRM_PLUGIN_PATH"]) as server:
            self.assertEqual(404, probe_status(server), "the stranger's .env chose the plugins")
            self.assertEqual(401, call("GET", "/api/v2/customers", base="http://127.0.0.1:%d" % server.port).status)

    def test_a_config_folder_in_the_working_folder_is_not_read(self):
        stranger = work_folder()
        write(os.path.join(stranger, "config", "crm-server.properties"),
              "plugins.path = %s\n" % plugin_folder("good"))
        with SpawnedServer(cwd=stranger, unset=["CRM_PLUGIN_PATH"]) as server:
            self.assertEqual(404, probe_status(server), "the stranger's config/crm-server.properties was read")

    def test_paths_in_a_named_file_are_relative_to_that_file(self):
        root = work_folder()
        probe = plugin_folder("good", parent=root)
        config = os.path.join(root, "etc", "crm-server.properties")
        write(config, "plugins.path = ../%s:%s\n" % (os.path.basename(probe), REAL_PLUGINS))
        with SpawnedServer(args=["--config", config], cwd=work_folder(), unset=["CRM_PLUGIN_PATH"]) as server:
            self.assertEqual(200, probe_status(server))

    def refused(self, plugins):
        with self.assertRaises(RuntimeError) as start:
            with SpawnedServer(CRM_PLUGIN_PATH=REAL_PLUGINS + ":" + plugins):
                pass
        return str(start.exception)

    def test_a_plugin_folder_its_group_can_write_is_refused(self):
        plugins = plugin_folder("good")
        folder = os.path.join(plugins, "good")
        os.chmod(folder, 0o775)
        self.assertIn("plugin folder %s can be written by its group (mode 0775)" % folder, self.refused(plugins))

    def test_a_plugin_path_anyone_can_write_is_refused(self):
        plugins = plugin_folder("good")
        os.chmod(plugins, 0o777)
        self.assertIn("plugin folder %s can be written by anyone" % plugins, self.refused(plugins))

    def test_a_library_anyone_can_write_is_refused(self):
        plugins = plugin_folder("good")
        library = os.path.join(plugins, "good", "libcrm-good.so")
        os.chmod(library, os.stat(library).st_mode | stat.S_IWOTH)
        self.assertIn("plugin library %s can be written by anyone" % library, self.refused(plugins))

    @unittest.skipUnless(os.geteuid() == 0, "only root can give a file to another account")
    def test_a_manifest_another_account_owns_is_refused(self):
        plugins = plugin_folder("good")
        manifest = os.path.join(plugins, "good", "plugin.json")
        os.chown(manifest, 65534, 65534)
        self.assertIn("plugin manifest %s is owned by uid 65534" % manifest, self.refused(plugins))


if __name__ == "__main__":
    unittest.main(verbosity=2)
