"""Every scalar SQL-language function of the migrated schema is one that
PostgreSQL inlines into the statement calling it, over the test database
the suite's server migrated.

One it cannot inline runs through PostgreSQL's SQL function executor, which
parses and plans the body again in every statement that calls it. Two ways
to get there without noticing: a body that reads a table (work_orders_text
was one, and cost a customer's ten work orders two thirds of their time in
PostgreSQL), and a function declared less volatile than its body (crm_etag,
IMMUTABLE around extract() from a timestamptz, which is STABLE: a sixth of
a read by id's time). A helper that must read a table belongs in PL/pgSQL,
which keeps its plans for the session.

Each function is called on columns of a table of its argument types, not on
constants: PostgreSQL would fold an IMMUTABLE function of constants into
its result, inlined or not. Set-returning functions are outside the rule
(a FROM-clause function inlines on other terms)."""
import os
import re
import subprocess
import unittest

# (name, argument types) of the schema's scalar SQL functions.
SQL_FUNCTIONS = """
SELECT p.proname, coalesce(string_agg(format_type(a.type, NULL), ',' ORDER BY a.n), '')
FROM pg_proc p
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN LATERAL unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a (type, n) ON true
WHERE p.pronamespace = 'public'::regnamespace AND l.lanname = 'sql' AND p.prokind = 'f' AND NOT p.proretset
GROUP BY p.oid, p.proname
ORDER BY p.proname"""


def psql(query):
    done = subprocess.run(["psql", "-qtAX", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", query],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError("psql: " + done.stderr)
    return done.stdout.strip()


def plan_of_a_call(name, types):
    """EXPLAIN VERBOSE of `name` called on the columns of a temporary table."""
    columns = ["a%d" % i for i in range(len(types))]
    table = "CREATE TEMP TABLE call_arguments (%s);" % ", ".join("%s %s" % c for c in zip(columns, types))
    call = "EXPLAIN (VERBOSE, COSTS OFF) SELECT %s(%s)%s;" % (
        name, ", ".join(columns), " FROM call_arguments" if columns else "")
    return psql("BEGIN; %s %s ROLLBACK;" % (table if columns else "", call))


class SqlFunctionsTest(unittest.TestCase):
    def test_every_scalar_sql_function_is_inlined(self):
        functions = [line.split("|") for line in psql(SQL_FUNCTIONS).splitlines()]
        names = [name for name, _ in functions]
        # The suite's server migrated every plugin: the helpers are there.
        for expected in ("crm_etag", "crm_timestamp", "work_order_text", "customer_json"):
            self.assertIn(expected, names)
        not_inlined = []
        for name, types in functions:
            plan = plan_of_a_call(name, types.split(",") if types else [])
            if re.search(r"\b%s\(" % re.escape(name), plan):
                not_inlined.append(name)
        self.assertEqual([], not_inlined,
                         "PostgreSQL plans these SQL functions again in every statement that calls them: "
                         "declare each no less volatile than its body, or write it in PL/pgSQL")


if __name__ == "__main__":
    unittest.main()
