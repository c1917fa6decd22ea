"""The upgrade to one link between a user and a technician (kept on the
technician, API.md section 2) loses no link: a database migrated by the
previous version, holding both of the old links (users.technician_id and
technicians.user_id) in every combination they could take, is migrated by
this one. Where the old links agree or do not collide, technicians.user_id
holds them afterwards; where they collide (two users naming one technician,
a user named by two technicians, a technician that does not exist), the
links the old version granted rights by (users.technician_id) win, and every
other one is kept in technician_user_links_set_aside. Users whose rights
changed have their tokens ended; nothing reads users.technician_id any more.

The old schema is built in a schema of its own in the test database (the
server's role may create schemas, not databases), from the migrations that
came before this change."""
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from fixture_plugins import work_folder  # noqa: E402

# The first migrations of the change: the core's and the technicians plugin's.
FIRST_NEW_MIGRATION = {"core": 7, "technicians": 3}

# Every combination the two old links could take; users first, for the
# foreign key of technicians.user_id.
OLD_USERS = """
INSERT INTO users (id, email, hashed_password, role, technician_id, tokens_valid_after) VALUES
    (101, 'agreed@example.com', 'x', 'technician', 201, '2001-01-01'),
    (102, 'first-of-two@example.com', 'x', 'technician', 202, '2001-01-01'),
    (103, 'second-of-two@example.com', 'x', 'technician', 202, '2001-01-01'),
    (104, 'dangling@example.com', 'x', 'technician', 299, '2001-01-01'),
    (105, 'names-204@example.com', 'x', 'technician', 204, '2001-01-01'),
    (106, 'named-by-203@example.com', 'x', 'technician', NULL, '2001-01-01'),
    (107, 'named-by-206@example.com', 'x', 'technician', NULL, '2001-01-01'),
    (108, 'names-206@example.com', 'x', 'technician', 206, '2001-01-01'),
    (109, 'named-by-two@example.com', 'x', 'technician', NULL, '2001-01-01')"""
OLD_TECHNICIANS = """
INSERT INTO technicians (id, name, user_id) VALUES
    (201, 'agreed', 101), (202, 'named by two users', NULL), (203, 'named on the technician only', 106),
    (204, 'named by the user', NULL), (205, 'names a user who names another', 105),
    (206, 'names a user, another user names it', 107), (207, 'first of two naming one user', 109),
    (208, 'second of two naming one user', 109)"""


class TechnicianLinkMigrationTest(unittest.TestCase):
    def setUp(self):
        self.schema = "link_upgrade_%d" % os.getpid()
        self.psql("DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s" % (self.schema, self.schema), in_schema=False)
        self.addCleanup(self.psql, "DROP SCHEMA %s CASCADE" % self.schema, False)

    def run_psql(self, query, in_schema=True):
        env = dict(os.environ, PGOPTIONS="-csearch_path=%s" % self.schema) if in_schema else os.environ
        return subprocess.run(["psql", "-qtAX", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", query],
                              capture_output=True, text=True, env=env)

    def psql(self, query, in_schema=True):
        done = self.run_psql(query, in_schema)
        if done.returncode != 0:
            raise AssertionError("psql: " + done.stderr)
        return done.stdout.strip()

    def migrate(self, before_the_change):
        """`crm-server migrate` of the core and the technicians plugin into
        the test's schema; `before_the_change`: only the migrations of the
        previous version."""
        folder = work_folder()
        core_sql = os.path.join(folder, "sql")
        shutil.copytree(os.environ["CRM_SQL_DIR"], core_sql)
        plugins = os.path.join(folder, "plugins")
        os.mkdir(plugins)
        built = os.path.join(os.environ["CRM_PLUGIN_PATH"].split(":")[0], "technicians")
        shutil.copytree(built, os.path.join(plugins, "technicians"))
        if before_the_change:
            for owner, sql in (("core", core_sql), ("technicians", os.path.join(plugins, "technicians", "sql"))):
                # Repeatable files came later still.
                shutil.rmtree(os.path.join(sql, "repeatable"))
                for name in os.listdir(sql):
                    if int(name[:4]) >= FIRST_NEW_MIGRATION[owner]:
                        os.remove(os.path.join(sql, name))
        # The server refuses SQL and plugins that others may change.
        for path, _, files in os.walk(folder):
            os.chmod(path, 0o755)
            for name in files:
                os.chmod(os.path.join(path, name), os.stat(os.path.join(path, name)).st_mode & ~0o022)
        env = dict(os.environ, PGOPTIONS="-csearch_path=%s" % self.schema, DB_STATEMENT_TIMEOUT_MS="0",
                   CRM_SQL_DIR=core_sql, CRM_PLUGIN_PATH=plugins)
        for name in ("CRM_ADMIN_EMAIL", "CRM_ADMIN_PASSWORD"):
            env.pop(name, None)
        out = subprocess.run([os.environ["CRM_SERVER"], "migrate"], env=env, capture_output=True, text=True)
        self.assertEqual(0, out.returncode, out.stdout + out.stderr)

    def rows(self, query):
        return [tuple(line.split("|")) for line in self.psql(query).splitlines()]

    def test_every_old_link_is_kept_or_set_aside(self):
        self.migrate(before_the_change=True)
        self.psql(OLD_USERS)
        self.psql(OLD_TECHNICIANS)
        self.migrate(before_the_change=False)

        self.assertEqual([("201", "101"), ("202", "102"), ("203", "106"), ("204", "105"), ("205", ""),
                          ("206", "108"), ("207", "109"), ("208", "")],
                         self.rows("SELECT id, user_id FROM technicians ORDER BY id"))
        self.assertEqual([("202", "103", "users.technician_id", "the technician has another user"),
                          ("205", "105", "technicians.user_id", "the user has another technician"),
                          ("206", "107", "technicians.user_id", "the technician has another user"),
                          ("208", "109", "technicians.user_id", "the user has another technician"),
                          ("299", "104", "users.technician_id", "no such technician")],
                         self.rows("SELECT technician_id, user_id, came_from, why FROM technician_user_links_set_aside "
                                   "ORDER BY technician_id"))
        # The rendered Technician shows the link it now has.
        self.assertEqual("", self.psql("SELECT string_agg(id::text, ',') FROM technicians t "
                                       "WHERE (technician_json(t)->>'user_id')::integer IS DISTINCT FROM user_id"))
        self.assertEqual([("101", "201"), ("102", "202"), ("103", ""), ("104", ""), ("105", "204"), ("106", "203"),
                          ("107", ""), ("108", "206"), ("109", "207")],
                         self.rows("SELECT id, user_json(u)->>'technician_id' FROM users u ORDER BY id"))
        # Tokens that named a technician the user no longer is end; no one
        # else is signed out.
        self.assertEqual(["103", "104"], self.psql("SELECT id FROM users WHERE tokens_valid_after > '2001-01-01' "
                                                   "ORDER BY id").split())

    def test_one_link_is_left(self):
        self.migrate(before_the_change=False)
        self.psql("INSERT INTO users (id, email, hashed_password, role) VALUES (301, 'one@example.com', 'x', 'technician');"
                  "INSERT INTO technicians (id, name, user_id) VALUES (401, 'first', 301)")
        duplicate = self.run_psql("INSERT INTO technicians (name, user_id) VALUES ('second', 301)")
        self.assertNotEqual(0, duplicate.returncode)
        self.assertIn("technicians_user_id_key", duplicate.stderr)
        # users.technician_id, where an old node may still write, is read by nobody.
        self.psql("UPDATE users SET technician_id = 401 WHERE id = 301; UPDATE technicians SET user_id = NULL")
        self.assertEqual("", self.psql("SELECT user_json(u)->>'technician_id' FROM users u WHERE id = 301"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
