#!/usr/bin/python3
"""Turns a crm-server statement trace (CRM_TRACE_SQL) into a pgbench script.

Usage: pgbench_script.py TRACE.jsonl RANDOM_ID [WORK_ORDERS] [--explain]
Each traced statement becomes one pgbench statement with its parameters
written as literals. With RANDOM_ID=1 the first parameter of each statement
(the path id of by-id and PATCH) becomes a random work-order id of the
WORK_ORDERS seeded (200,000 by default), as wrk sends them. With --explain
the statements are for psql instead: each prefixed with EXPLAIN (ANALYZE,
BUFFERS), the parameters as traced.
"""
import json
import re
import sys


def literal(value):
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


def main():
    explain = "--explain" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--explain"]
    trace, random_id = args[0], args[1] == "1" and not explain
    work_orders = int(args[2]) if len(args) > 2 else 200000
    statements = [json.loads(line) for line in open(trace, encoding="utf-8") if line.strip()]
    if not statements:
        sys.exit("the trace is empty: the endpoint ran no statement")
    if random_id:
        print(f"\\set id random(1, {work_orders})")
    for statement in statements:
        params = statement["params"]
        def substitute(match):
            index = int(match.group(1)) - 1
            if random_id and index == 0:
                return ":id"
            return literal(params[index])
        sql = re.sub(r"\$(\d+)", substitute, statement["sql"].strip())
        print(("EXPLAIN (ANALYZE, BUFFERS) " if explain else "") + sql + ";")


if __name__ == "__main__":
    main()
