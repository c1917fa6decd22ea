"""The secrets file a configuration names (`environment_file`; the package's
is /etc/crm-server/crm-server.env): a server with no DATABASE_URL or
SECRET_KEY in its environment takes them from it; the real environment
still wins; a file others may read, or a line that is not a setting, stops
start-up with a line saying what to do, and never echoes a secret."""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from spawned_server import SpawnedServer  # noqa: E402

SECRETS = ("DATABASE_URL", "SECRET_KEY", "JWT_SECRET")


class EnvironmentFileTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(dir=os.environ.get("CRM_TEST_WORK"))
        self.env_file = os.path.join(self.folder, "crm-server.env")
        self.properties = os.path.join(self.folder, "crm-server.properties")
        with open(self.properties, "w") as f:
            # Relative to the properties file, as every path in it.
            f.write("environment_file = crm-server.env\n")
        self.secret = os.environ.get("JWT_SECRET") or os.environ["SECRET_KEY"]

    def write_env(self, text, mode=0o640):
        with open(self.env_file, "w") as f:
            f.write(text)
        os.chmod(self.env_file, mode)

    def check_config(self, **environment):
        env = {k: v for k, v in os.environ.items() if k not in SECRETS}
        env.update(environment)
        return subprocess.run([os.environ["CRM_SERVER"], "--config", self.properties, "check-config"], env=env,
                              capture_output=True, text=True, timeout=30)

    def test_a_server_takes_its_secrets_from_the_file(self):
        self.write_env("# secrets\nDATABASE_URL=%s\nSECRET_KEY='%s'\n" % (os.environ["DATABASE_URL"], self.secret))
        with SpawnedServer(args=["--config", self.properties], unset=SECRETS) as server:
            self.assertTrue(server.healthy(), "the server did not reach its database with the file's DATABASE_URL")

    def test_the_environment_wins_over_the_file(self):
        self.write_env("SECRET_KEY=%s\nDATABASE_URL=%s\nHTTP_THREADS=7\n" % (self.secret, os.environ["DATABASE_URL"]))
        result = self.check_config(HTTP_THREADS="9")
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        self.assertIn("HTTP_THREADS=9", result.stdout.splitlines())
        result = self.check_config()
        self.assertIn("HTTP_THREADS=7", result.stdout.splitlines())
        self.assertNotIn(self.secret, result.stdout + result.stderr)

    def test_a_file_others_may_read_is_refused(self):
        self.write_env("SECRET_KEY=%s\n" % self.secret, mode=0o644)
        result = self.check_config()
        self.assertNotEqual(0, result.returncode)
        self.assertIn("others may read or change it (chmod 0640 %s)" % self.env_file, result.stderr)
        self.assertNotIn(self.secret, result.stdout + result.stderr)

    def test_a_line_that_is_not_a_setting_is_refused(self):
        self.write_env("SECRET_KEY=%s\nDATABSE_URL=postgresql://typo\n" % self.secret)
        result = self.check_config()
        self.assertNotEqual(0, result.returncode)
        self.assertIn("line 2: DATABSE_URL is not a crm-server setting", result.stderr)
        self.assertNotIn(self.secret, result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main()
