#!/usr/bin/python3
"""Turns a crm-server statement trace (CRM_TRACE_SQL) into a pgbench script.

Usage: pgbench_script.py TRACE.jsonl RANDOM_ID
Each traced statement becomes one pgbench statement with its parameters
written as literals. With RANDOM_ID=1 the first parameter of each statement
(the path id of by-id and PATCH) becomes a random work-order id, as wrk
sends them.
"""
import json
import re
import sys


def literal(value):
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


def main():
    trace, random_id = sys.argv[1], sys.argv[2] == "1"
    statements = [json.loads(line) for line in open(trace, encoding="utf-8") if line.strip()]
    if not statements:
        sys.exit("the trace is empty: the endpoint ran no statement")
    if random_id:
        print("\\set id random(1, 200000)")
    for statement in statements:
        params = statement["params"]
        def substitute(match):
            index = int(match.group(1)) - 1
            if random_id and index == 0:
                return ":id"
            return literal(params[index])
        sql = re.sub(r"\$(\d+)", substitute, statement["sql"].strip())
        print(sql + ";")


if __name__ == "__main__":
    main()
