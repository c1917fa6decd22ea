"""100,000 refresh + logout cycles leave the server's resident memory
within 10 MB of where it started: token state (revocations, the limiters'
windows, remembered tokens) stays bounded however fast clients churn.

The attacker is several users, each running several refresh chains (one
login each, a keep-alive connection each) as fast as the server answers:
a cycle pipelines a refresh of the chain's token and a logout of one of
the user's access tokens. Cycles refused with 429 count: they are what
the attacker sent. An accepted refresh moves the chain on; the logouts use
the user's other logins (a logout ends its whole login, so a chain's own
tokens would stop the chain), and an accepted logout takes its token out
of the pool, so every logout sent carries a token that is not revoked yet
(the user logs in a limit's worth of times first). Bounded: the cycles stop after
DEADLINE seconds, which fails the test."""
import asyncio
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
import rawhttp  # noqa: E402

CYCLES = 100_000
USERS, CHAINS_PER_USER = 8, 8
DEADLINE = 50.0
ALLOWED_GROWTH_KB = 10 * 1024


def resident_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS for pid %d" % pid)


def request(path, body, token=None):
    auth = "Authorization: Bearer %s\r\n" % token if token else ""
    return ("POST %s HTTP/1.1\r\nHost: test\r\n%sContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
            % (path, auth, len(body), body)).encode()


def refresh_request(token):
    return request("/api/v2/auth/refresh", '{"refresh_token": "%s"}' % token)


def logout_request(token):
    return request("/api/v2/auth/logout", "{}", token)


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    return status, await reader.readexactly(length)


class Attack:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.sent = 0
        self.refresh, self.logout = {}, {}  # status -> count
        self.stop_at = time.monotonic() + DEADLINE

    async def chain(self, refresh_token, pool):
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            while self.sent < CYCLES and time.monotonic() < self.stop_at:
                if not pool:  # every token of the user is in another chain's cycle
                    await asyncio.sleep(0.001)
                    continue
                self.sent += 1
                access = pool.pop()
                writer.write(refresh_request(refresh_token) + logout_request(access))
                refreshed, body = await read_response(reader)
                logged_out, _ = await read_response(reader)
                self.refresh[refreshed] = self.refresh.get(refreshed, 0) + 1
                self.logout[logged_out] = self.logout.get(logged_out, 0) + 1
                if refreshed == 200:
                    # The new access token is of this chain's login: a
                    # logout with it would end the chain (and its family).
                    refresh_token = json.loads(body)["refresh_token"]
                if logged_out != 204:
                    pool.append(access)
        finally:
            writer.close()

    async def run(self, users):
        chains = []
        for sessions in users:
            # Logouts use the user's other logins: a logout ends its whole
            # login, so a chain's own tokens would stop the chain.
            pool = [s["access_token"] for s in sessions[CHAINS_PER_USER:]]
            chains += [self.chain(s["refresh_token"], pool) for s in sessions[:CHAINS_PER_USER]]
        await asyncio.gather(*chains)


class TokenChurnMemoryTest(unittest.TestCase):
    @unittest.skipIf(os.environ.get("CRM_TEST_SANITIZE") == "1", "resident memory means something else under ASan")
    def test_refresh_and_logout_cycles_leave_memory_bounded(self):
        with open(os.path.join(os.environ["CRM_TEST_WORK"], "server.pid")) as f:
            pid = int(f.read())
        before_setup = resident_kb(pid)
        admin = jsonapi.admin_token()
        # Enough access tokens per user that its pool never runs dry: a
        # window's worth of accepted logouts plus one per chain in flight.
        logins = CHAINS_PER_USER + int(os.environ.get("AUTH_LOGOUT_MAX_PER_USER", "30")) + 8
        users = []
        for _ in range(USERS):
            email = jsonapi.new_user(admin, "churn")
            users.append([jsonapi.login(email) for _ in range(logins)])

        attack = Attack(*rawhttp.server_address())
        start = resident_kb(pid)
        started = time.monotonic()
        asyncio.run(attack.run(users))
        seconds = time.monotonic() - started
        end = resident_kb(pid)

        print("%d cycles in %.1f s (%.0f/s); refresh %s, logout %s; VmRSS %d kB before the logins, "
              "%d kB at the start, %d kB at the end: %+d kB"
              % (attack.sent, seconds, attack.sent / seconds, sorted(attack.refresh.items()),
                 sorted(attack.logout.items()), before_setup, start, end, end - start), file=sys.stderr)
        self.assertLessEqual(end - start, ALLOWED_GROWTH_KB, "resident memory grew by %d kB" % (end - start))
        self.assertEqual(CYCLES, attack.sent, "only %d cycles within %.0f s" % (attack.sent, DEADLINE))
        self.assertLessEqual(set(attack.refresh), {200, 429})
        self.assertLessEqual(set(attack.logout), {204, 429})


if __name__ == "__main__":
    unittest.main()
