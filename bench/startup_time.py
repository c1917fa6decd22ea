"""Start-up time of crm-server: from exec to the first 200 from /health with
every plugin loaded, over several starts (the database already migrated).

    startup_time.py SERVER PORT [STARTS]   (environment: the server's settings)
Prints: median and slowest start in milliseconds.
"""
import http.client
import os
import signal
import statistics
import subprocess
import sys
import time


def one_start(server, port):
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), LOG_LEVEL="warning")
    began = time.monotonic()
    process = subprocess.Popen([server, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - began < 30:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    return (time.monotonic() - began) * 1000
            except OSError:
                pass
            if process.poll() is not None:
                sys.exit(f"crm-server exited with {process.returncode} while starting")
            time.sleep(0.002)
        sys.exit("crm-server was not healthy within 30 s")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait()


def main():
    server, port = sys.argv[1], int(sys.argv[2])
    starts = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    times = [one_start(server, port) for _ in range(starts)]
    print(f"{statistics.median(times):.0f} {max(times):.0f}")


main()
