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
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("crm-server exited at start: " + open(self.log_path).read()[-2000:])
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/health" % self.port, timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("crm-server did not become healthy in 30 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return False
