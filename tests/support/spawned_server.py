"""A second crm-server with settings of a test's own, on a free loopback
port, against the same database as the main test server. Used as a
context manager: it starts, waits for /health, and is stopped on exit."""
import os
import socket
import subprocess
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_start(process, started, seconds, name, log_path=None):
    """Polls started() until it is true; raises RuntimeError when `process`
    exits first (with the end of its log) or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = ""
            if log_path:
                with open(log_path) as log:
                    tail = log.read()[-2000:]
            raise RuntimeError("%s exited at start: %s" % (name, tail))
        if started():
            return
        time.sleep(0.1)
    raise RuntimeError("%s did not start in %d s" % (name, seconds))


class SpawnedServer:
    def __init__(self, args=(), cwd=None, unset=(), **settings):
        """`unset`: variables of the test environment it must not see."""
        self.args = list(args)  # before the command, e.g. ["--config", path]
        self.cwd = cwd          # the folder it runs in
        self.port = free_port()
        self.env = dict(os.environ, PORT=str(self.port), HOST="127.0.0.1", **{k: str(v) for k, v in settings.items()})
        for name in unset:
            self.env.pop(name, None)
        self.log_path = os.path.join(os.environ.get("CRM_TEST_WORK", "/tmp"), "spawned-%d.log" % self.port)
        self.process = None

    @property
    def address(self):
        return ("127.0.0.1", self.port)

    def __enter__(self):
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen([os.environ["CRM_SERVER"], *self.args, "serve"], env=self.env, cwd=self.cwd, stdout=log, stderr=log)
        wait_for_start(self.process, self.healthy, 30, "crm-server", self.log_path)
        return self

    def healthy(self):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health" % self.port, timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return False
