"""A scraper the way Prometheus scrapes: one kept-alive connection, a GET
of /metrics every second, until killed. Each scrape appends "bytes seconds"
to the log, so the benchmark can say what the scrapes were. One resident
process rather than a curl started every second: starting a client is not
the server's cost, and on a two-core machine it would be counted as such.

    metrics_scraper.py URL LOG            every second until killed
    metrics_scraper.py URL LOG COUNT      COUNT scrapes back to back, then exits
"""
import http.client
import itertools
import sys
import time
import urllib.parse


def main(url, log_path, count=None):
    target = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    with open(log_path, "a") as log:
        for _ in itertools.count() if count is None else range(count):
            started = time.monotonic()
            connection.request("GET", target.path or "/")
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise SystemExit("%s answered %d" % (url, response.status))
            log.write("%d %.6f\n" % (len(body), time.monotonic() - started))
            log.flush()
            if count is None:
                time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
