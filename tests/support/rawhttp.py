"""Raw HTTP/1.1 over a socket, for tests that must control every byte a
client sends (framing, pipelining, slow or idle clients) and read exactly
what the server answers. Standard library only."""
import json
import os
import socket
import urllib.request


def server_address():
    url = os.environ["CRM_TEST_URL"]  # http://127.0.0.1:PORT
    host, port = url.split("//", 1)[1].rstrip("/").split(":")
    return host, int(port)


def connect(source="127.0.0.1", timeout=10.0, address=None):
    s = socket.create_connection(address or server_address(), timeout=timeout, source_address=(source, 0))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower(), "")

    def json(self):
        return json.loads(self.body)


class Reader:
    """Reads responses off one connection, keeping bytes past each one."""

    def __init__(self, sock):
        self.sock, self.buffer = sock, b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("the server closed the connection")
        self.buffer += chunk

    def response(self):
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return Response(status, headers, body.decode("utf-8", "replace"))

    def closed(self, wait=2.0):
        """True when the server closes the connection within `wait` seconds
        without sending anything more."""
        self.sock.settimeout(wait)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return False
        except ConnectionResetError:
            return True
        self.buffer += chunk
        return not chunk


def login(email=None, password=None):
    body = json.dumps({"email": email or os.environ["CRM_TEST_ADMIN_EMAIL"],
                       "password": password or os.environ["CRM_TEST_ADMIN_PASSWORD"]}).encode()
    request = urllib.request.Request(os.environ["CRM_TEST_URL"] + "/api/v2/auth/login", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.loads(r.read())


def raise_open_files_limit():
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
