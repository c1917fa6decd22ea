"""Reads the Prometheus text format the server's /metrics writes: samples
keyed by name and labels, so a test can compare two scrapes. Only what the
format allows on a sample line is understood (no timestamps are written).
Standard library only."""
import re

LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')


def unescape(value):
    return re.sub(r'\\(.)', lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), value)


class Samples:
    def __init__(self, text):
        self.values = {}  # (name, frozenset of (label, value)) -> float
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            match = SAMPLE.match(line)
            if not match:
                raise AssertionError("not a sample line: %r" % line)
            name, labels, value = match.groups()
            key = (name, frozenset((k, unescape(v)) for k, v in LABEL.findall(labels or "")))
            self.values[key] = float(value)

    def get(self, name, **labels):
        """The sample's value; 0 when the series is absent (a counter not yet moved)."""
        return self.values.get((name, frozenset(labels.items())), 0.0)

    def series(self, name):
        """[(labels as a dict, value)] of every sample of `name`."""
        return [(dict(labels), value) for (n, labels), value in self.values.items() if n == name]

    def label_values(self, name, label):
        return {labels[label] for labels, _ in self.series(name) if label in labels}
