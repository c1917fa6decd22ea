"""Least privilege and secrets (security audit findings 7 and 9): the
server's database role is no superuser and cannot run programs; --dev never
serves beyond loopback; the statement trace is readable by its owner only;
CRM_ADMIN_* creates a missing admin and leaves an existing account alone
unless CRM_ADMIN_RESET is set."""
import os
import stat
import subprocess
import sys
import tempfile
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402


def psql(query):
    return subprocess.run(["psql", "-qtAX", os.environ["DATABASE_URL"], "-c", query], capture_output=True, text=True)


def login_status(base, email, password):
    return jsonapi.call("POST", "/api/v2/auth/login", {"email": email, "password": password}, base=base).status


class PrivilegesTest(unittest.TestCase):
    def test_the_servers_role_is_no_superuser(self):
        self.assertEqual("f|f|f", psql("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles "
                                       "WHERE rolname = current_user").stdout.strip().replace("\n", ""))
        copy = psql("COPY (SELECT 1) TO PROGRAM 'true'")
        self.assertNotEqual(0, copy.returncode)
        self.assertIn("must be superuser", copy.stderr.lower() + copy.stdout.lower())

    def test_dev_refuses_a_non_loopback_address(self):
        env = dict(os.environ, HOST="0.0.0.0")
        env.pop("SECRET_KEY", None)
        out = subprocess.run([os.environ["CRM_SERVER"], "--dev", "check-config"], env=env, capture_output=True, text=True)
        self.assertEqual(78, out.returncode, out.stdout + out.stderr)
        self.assertIn("loopback", out.stdout + out.stderr)
        env["HOST"] = "127.0.0.1"
        out = subprocess.run([os.environ["CRM_SERVER"], "--dev", "check-config"], env=env, capture_output=True, text=True)
        self.assertEqual(0, out.returncode, out.stdout + out.stderr)

    def test_the_statement_trace_is_readable_by_its_owner_only(self):
        trace = os.path.join(tempfile.mkdtemp(dir=os.environ.get("CRM_TEST_WORK")), "trace.jsonl")
        old = os.umask(0o022)
        try:
            with SpawnedServer(CRM_TRACE_SQL=trace) as server:
                urllib.request.urlopen("http://127.0.0.1:%d/health" % server.port, timeout=10).read()
        finally:
            os.umask(old)
        self.assertTrue(os.path.exists(trace))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(trace).st_mode))

    def test_the_bootstrap_admin_is_created_once_and_then_left_alone(self):
        email = "boot-%d@test.example" % os.getpid()
        first, second = "first-password-123", "second-password-456"
        with SpawnedServer(CRM_ADMIN_EMAIL=email, CRM_ADMIN_PASSWORD=first) as server:
            base = "http://127.0.0.1:%d" % server.port
            self.assertEqual(200, login_status(base, email, first))
        # An operator disables the account; a restart must not re-enable it.
        self.assertEqual(0, psql("UPDATE users SET is_active = false, role = 'viewer' WHERE email = '%s'" % email).returncode)
        with SpawnedServer(CRM_ADMIN_EMAIL=email, CRM_ADMIN_PASSWORD=second) as server:
            base = "http://127.0.0.1:%d" % server.port
            self.assertEqual(401, login_status(base, email, second))
            self.assertEqual(401, login_status(base, email, first))
        self.assertEqual("f|viewer", psql("SELECT is_active, role FROM users WHERE email = '%s'" % email).stdout.strip())
        with SpawnedServer(CRM_ADMIN_EMAIL=email, CRM_ADMIN_PASSWORD=second, CRM_ADMIN_RESET="true") as server:
            base = "http://127.0.0.1:%d" % server.port
            self.assertEqual(200, login_status(base, email, second))
        self.assertEqual("t|admin", psql("SELECT is_active, role FROM users WHERE email = '%s'" % email).stdout.strip())


if __name__ == "__main__":
    unittest.main(verbosity=2)
