"""Sends one endpoint's requests to a server running under callgrind, on
one kept-alive connection, and zeroes and dumps callgrind's counters around
the measured ones, so the dump holds those requests and nothing else (the
server's own timers aside). Usage:
  callgrind_client.py PORT TOKEN PID ENDPOINT COUNT
Prints the number of measured requests. ENDPOINT "warm" instead sends
COUNT reads by id from each of four connections at once and counts
nothing: the pool opens the sessions it will need (a session opened while
counting would be most of a dump) before any endpoint is measured."""
import http.client
import json
import random
import subprocess
import sys
import threading

port, token, pid, endpoint, count = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
random.seed(42)  # the same ids and bodies every run, so the dumps compare


def request(n):
    """The method, path and body of the n-th request of `endpoint`."""
    work_order = random.randint(1, 200000)
    if endpoint == "by_id":
        return "GET", "/api/v2/work-orders/%d" % work_order, None
    if endpoint == "patch":
        technician = 1 + n % 50
        if technician % 10 == 0:  # the seed deactivates every tenth
            technician -= 1
        body = {"assigned_technician_id": technician} if n % 2 else {"scheduled_date": "2026-%02d-%02d" % (6 + n % 6, 1 + n % 28)}
        return "PATCH", "/api/v2/work-orders/%d" % work_order, json.dumps(body)
    if endpoint == "schedule":
        return "GET", "/api/v2/schedule?start_date=2026-06-01&end_date=2026-06-01&page_size=50", None
    if endpoint == "list_first":
        return "GET", "/api/v2/work-orders?page_size=50", None
    if endpoint == "customers":
        return "GET", "/api/v2/customers?search=smith&page_size=50", None
    if endpoint == "summary":
        return "GET", "/api/v2/reports/summary", None
    raise SystemExit("unknown endpoint " + endpoint)


connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)


def send(n):
    method, path, body = request(n)
    headers = {"Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=body, headers=headers)
    answer = connection.getresponse()
    answer.read()
    if answer.status != 200:
        raise SystemExit("%s %s answered %d" % (method, path, answer.status))


if endpoint == "warm":
    def reads():
        own = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
        for _ in range(count):
            own.request("GET", "/api/v2/work-orders/%d" % random.randint(1, 200000), headers={"Authorization": "Bearer " + token})
            own.getresponse().read()
    threads = [threading.Thread(target=reads) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(0)
    sys.exit(0)

for n in range(20):  # warm: sessions open, statements prepared, caches filled
    send(n)
subprocess.run(["callgrind_control", "--zero", pid], check=True, stdout=subprocess.DEVNULL)
for n in range(20, 20 + count):
    send(n)
subprocess.run(["callgrind_control", "--dump=" + endpoint, pid], check=True, stdout=subprocess.DEVNULL)
print(count)
