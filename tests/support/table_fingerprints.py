"""A digest of every row of every table in the test database, through psql
with DATABASE_URL, so a test can show that a run of requests changed
nothing: compare the digests before and after."""
import os
import subprocess
import time


def psql(sql):
    done = subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", sql],
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError("psql: " + done.stderr)
    return done.stdout


def tables():
    return psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").split()


def fingerprints(row_filters=None):
    """{table: (rows, md5 of the rows in a stable order)}. `row_filters`
    maps a table to a WHERE clause that leaves out rows the caller knows
    change for reasons of their own."""
    row_filters = row_filters or {}
    parts = ["SELECT '%s', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM %s t%s"
             % (name, name, " WHERE " + row_filters[name] if name in row_filters else "") for name in tables()]
    digests = {}
    for line in psql(" UNION ALL ".join(parts)).splitlines():
        name, rows, digest = line.split("|")
        digests[name] = (int(rows), digest)
    return digests


def settled(row_filters=None, wait=30.0):
    """Fingerprints once two taken a second apart agree: work started by an
    earlier test (a campaign still sending) has finished."""
    deadline = time.monotonic() + wait
    last = fingerprints(row_filters)
    while True:
        time.sleep(1.0)
        now = fingerprints(row_filters)
        if now == last:
            return now
        if time.monotonic() > deadline:
            raise AssertionError("the database kept changing for %.0f s: %s" % (wait, sorted(changed(last, now))))
        last = now


def changed(before, after):
    """Tables whose digest differs, with their row counts before and after."""
    return {name: (before.get(name), after.get(name)) for name in sorted(set(before) | set(after))
            if before.get(name) != after.get(name)}
