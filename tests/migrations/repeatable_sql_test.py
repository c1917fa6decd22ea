"""Repeatable SQL (sql/repeatable/, docs/plugin-sdk.md) and hooks over a real
PostgreSQL: `crm-server migrate` runs a repeatable file once, again only
when its content changes, and warns when one is gone; an installation
migrated by the previous version (no repeatable files) ends with the very
functions a new one has; a plugin registering a hook name that another
plugin registered stops start-up, naming both.

Each test migrates into a schema of its own in the test database (the
server's role may create schemas, not databases), with copies of the core's
SQL, of the built plugins that have SQL, and of a plugin of the test's own,
`probe`, which requires work-orders. The test database has pg_trgm in
public, outside the schema's search path: the copies of customers'
migrations 0002 and 0005 name its operator class there."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from fixture_plugins import work_folder  # noqa: E402

PLUGINS_WITH_SQL = ("customers", "technicians", "work-orders", "email")
# Customers' migrations that create trigram indexes.
TRIGRAM_MIGRATIONS = ("0002_search_indexes.sql", "0005_search_table.sql")
# The previous release's SQL: no repeatable files, the core's migrations
# before this one (the plugins' are all older).
FIRST_NEW_CORE_MIGRATION = 8

PROBE_TABLE = "CREATE TABLE probe_runs (id serial PRIMARY KEY);\n"
PROBE_ANSWER = """CREATE OR REPLACE FUNCTION probe_answer() RETURNS integer LANGUAGE sql IMMUTABLE RETURN %d;
INSERT INTO probe_runs DEFAULT VALUES;
"""

# Every function, procedure and trigger of a schema with its definition.
DEFINITIONS = """
SELECT string_agg(p.proname || ': ' || pg_get_functiondef(p.oid), E'\\n' ORDER BY p.proname, p.oid::regprocedure::text)
FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind IN ('f', 'p')"""


class RepeatableSqlTest(unittest.TestCase):
    def setUp(self):
        self.schemas = []
        self.folder = work_folder()
        self.core_sql = os.path.join(self.folder, "sql")
        shutil.copytree(os.environ["CRM_SQL_DIR"], self.core_sql)
        self.plugins = os.path.join(self.folder, "plugins")
        os.mkdir(self.plugins)
        built = os.environ["CRM_PLUGIN_PATH"].split(":")[0]
        for plugin in PLUGINS_WITH_SQL:
            shutil.copytree(os.path.join(built, plugin), os.path.join(self.plugins, plugin))
        for migration in TRIGRAM_MIGRATIONS:
            trigram_indexes = os.path.join(self.plugins, "customers", "sql", migration)
            with open(trigram_indexes) as f:
                text = f.read()
            with open(trigram_indexes, "w") as f:
                f.write(text.replace(" gin_trgm_ops", " public.gin_trgm_ops"))
        self.probe = os.path.join(self.plugins, "probe")
        os.makedirs(os.path.join(self.probe, "sql", "repeatable"))
        with open(os.path.join(built, "email", "plugin.json")) as f:
            manifest = json.load(f)
        manifest.update(id="probe", library="libcrm-probe.so", route_prefixes=["/probe"], permissions=[],
                        requires={"core": ">=0.1.0", "work-orders": ">=1.0.0"})
        manifest.pop("config", None)
        manifest.pop("grants", None)  # email's grants name email's permissions, which probe has not
        self.write("plugin.json", json.dumps(manifest))
        self.write("sql/0001_probe_runs.sql", PROBE_TABLE)

    def write(self, name, text):
        with open(os.path.join(self.probe, name), "w") as f:
            f.write(text)

    def new_schema(self):
        schema = "repeatable_%d_%d" % (os.getpid(), len(self.schemas))
        self.psql(None, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s" % (schema, schema))
        self.addCleanup(self.psql, None, "DROP SCHEMA %s CASCADE" % schema)
        self.schemas.append(schema)
        return schema

    def run_psql(self, schema, query):
        env = dict(os.environ, PGOPTIONS="-csearch_path=%s" % schema) if schema else os.environ
        return subprocess.run(["psql", "-qtAX", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", query],
                              capture_output=True, text=True, env=env)

    def psql(self, schema, query):
        done = self.run_psql(schema, query)
        if done.returncode != 0:
            raise AssertionError("psql: " + done.stderr)
        return done.stdout.strip()

    def migrate(self, schema, folder=None, expect_success=True):
        """`crm-server migrate` of the core and the plugins in `folder`
        (default: the test's) into `schema`; its output."""
        folder = folder or self.folder
        # The server refuses SQL and plugins that others may change.
        for path, _, files in os.walk(folder):
            os.chmod(path, 0o755)
            for name in files:
                os.chmod(os.path.join(path, name), 0o644)
        env = dict(os.environ, PGOPTIONS="-csearch_path=%s" % schema, DB_STATEMENT_TIMEOUT_MS="0",
                   CRM_SQL_DIR=os.path.join(folder, "sql"), CRM_PLUGIN_PATH=os.path.join(folder, "plugins"))
        for name in ("CRM_ADMIN_EMAIL", "CRM_ADMIN_PASSWORD"):
            env.pop(name, None)
        out = subprocess.run([os.environ["CRM_SERVER"], "migrate"], env=env, capture_output=True, text=True)
        if expect_success:
            self.assertEqual(0, out.returncode, out.stdout + out.stderr)
        else:
            self.assertNotEqual(0, out.returncode, out.stdout + out.stderr)
        return out.stdout + out.stderr

    def test_a_repeatable_file_runs_again_only_when_it_changes(self):
        schema = self.new_schema()
        self.write("sql/repeatable/answer.sql", PROBE_ANSWER % 1)
        first = self.migrate(schema)
        self.assertIn("applied probe repeatable/answer.sql", first)
        self.assertIn("applied customers repeatable/customer_json.sql", first)
        self.assertEqual("1|1", self.psql(schema, "SELECT probe_answer(), count(*) FROM probe_runs"))

        unchanged = self.migrate(schema)
        self.assertIn("schema is up to date", unchanged)
        self.assertEqual("1|1", self.psql(schema, "SELECT probe_answer(), count(*) FROM probe_runs"))

        self.write("sql/repeatable/answer.sql", PROBE_ANSWER % 2)
        changed = self.migrate(schema)
        self.assertIn("applied probe repeatable/answer.sql", changed)
        self.assertNotIn("applied customers", changed)
        self.assertEqual("2|2", self.psql(schema, "SELECT probe_answer(), count(*) FROM probe_runs"))
        with open(os.path.join(self.probe, "sql", "repeatable", "answer.sql"), "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(),
                             self.psql(schema, "SELECT checksum FROM schema_repeatables "
                                               "WHERE plugin = 'probe' AND name = 'answer'"))

    def test_a_removed_file_is_reported_and_what_it_made_stays(self):
        schema = self.new_schema()
        self.write("sql/repeatable/answer.sql", PROBE_ANSWER % 1)
        self.migrate(schema)
        os.remove(os.path.join(self.probe, "sql", "repeatable", "answer.sql"))
        out = self.migrate(schema)
        self.assertIn("repeatable probe/answer.sql was applied before and is gone", out)
        self.assertEqual("1", self.psql(schema, "SELECT probe_answer()"))

    def test_an_upgraded_installation_has_the_functions_of_a_new_one(self):
        previous = work_folder()
        shutil.copytree(self.core_sql, os.path.join(previous, "sql"))
        shutil.copytree(self.plugins, os.path.join(previous, "plugins"))
        shutil.rmtree(os.path.join(previous, "plugins", "probe"))
        for sql in [os.path.join(previous, "sql")] + [os.path.join(previous, "plugins", p, "sql") for p in PLUGINS_WITH_SQL]:
            shutil.rmtree(os.path.join(sql, "repeatable"))
        for name in os.listdir(os.path.join(previous, "sql")):
            if int(name[:4]) >= FIRST_NEW_CORE_MIGRATION:
                os.remove(os.path.join(previous, "sql", name))
        upgraded = self.new_schema()
        self.migrate(upgraded, previous)
        before = self.psql(upgraded, DEFINITIONS)
        self.assertIn("work_orders w WHERE w.customer_id = customer_references.customer_id", before)

        self.migrate(upgraded)
        fresh = self.new_schema()
        self.migrate(fresh)
        self.assertEqual(self.psql(fresh, DEFINITIONS).replace(fresh, "S"),
                         self.psql(upgraded, DEFINITIONS).replace(upgraded, "S"))
        # The hooks answer as the replaced functions did.
        for schema in (fresh, upgraded):
            self.psql(schema, "INSERT INTO customers (id, name) VALUES (1, 'c'), (2, 'd');"
                              "INSERT INTO work_orders (customer_id) VALUES (1), (1);"
                              "INSERT INTO users (id, email, hashed_password) VALUES (7, 'u@example.com', 'x');"
                              "INSERT INTO technicians (id, name) VALUES (3, 't')")
            self.assertEqual("work orders|2", self.psql(schema, "SELECT * FROM customer_references(1)"))
            # Callers keep the rows with how_many > 0.
            self.assertEqual("work orders|0", self.psql(schema, "SELECT * FROM customer_references(2)"))
            self.assertEqual("linked", self.psql(schema, "SELECT link_user_technician(7, 3)"))
            self.assertEqual("3|3", self.psql(schema, "SELECT user_technician_id(7), user_json(u)->>'technician_id' "
                                                      "FROM users u WHERE id = 7"))
            self.assertEqual("unknown", self.psql(schema, "SELECT link_user_technician(7, 99)"))

    def test_a_second_registration_of_a_hook_name_stops_start_up(self):
        self.write("sql/repeatable/customer_references.sql", """
CREATE OR REPLACE FUNCTION probe_customer_references(customer_id integer) RETURNS TABLE (what text, how_many bigint)
    LANGUAGE sql STABLE AS $$ SELECT 'probes', 0::bigint $$;
CALL crm_register_hook('customer_references', 'work orders', 'probe_customer_references(integer)');
""")
        out = self.migrate(self.new_schema(), expect_success=False)
        self.assertIn('hook customer_references: "work orders" is registered by work-orders and again by probe', out)

    def test_a_second_implementation_of_a_one_hook_stops_start_up(self):
        self.write("sql/repeatable/user_link.sql", """
CREATE OR REPLACE FUNCTION probe_user_technician_id(user_id integer) RETURNS integer
    LANGUAGE sql STABLE RETURN 1;
CALL crm_register_hook('user_technician_id', 'probe', 'probe_user_technician_id(integer)');
""")
        out = self.migrate(self.new_schema(), expect_success=False)
        self.assertIn('hook user_technician_id: "technicians" is registered by technicians and again by probe', out)

    def test_another_name_adds_rows_to_an_all_hook(self):
        schema = self.new_schema()
        self.write("sql/repeatable/customer_references.sql", """
CREATE OR REPLACE FUNCTION probe_customer_references(customer_id integer) RETURNS TABLE (what text, how_many bigint)
    LANGUAGE sql STABLE AS $$ SELECT 'probes', 5::bigint $$;
CALL crm_register_hook('customer_references', 'probes', 'probe_customer_references(integer)');
""")
        self.migrate(schema)
        self.psql(schema, "INSERT INTO customers (id, name) VALUES (1, 'c'); INSERT INTO work_orders (customer_id) VALUES (1)")
        self.assertEqual("probes|5\nwork order|1",
                         self.psql(schema, "SELECT * FROM customer_references(1) ORDER BY what"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
