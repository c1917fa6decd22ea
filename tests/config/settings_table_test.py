"""The configuration table in the docs is the one the server is made from.
`crm-server settings --markdown` prints the table of settings
(core/config/SettingTable.cpp); every Markdown file of the repository that
embeds it between <!-- settings-table:begin --> and <!-- settings-table:end -->
must hold exactly that text, so a setting added, renamed or given another
default shows up here until the docs say so too."""
import difflib
import os
import subprocess
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BEGIN = "<!-- settings-table:begin -->"
END = "<!-- settings-table:end -->"
FIX = "paste the output of `crm-server settings --markdown` between the markers"


def markdown_files():
    """Every .md file of the checkout, but not in build trees, var/ or .git."""
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders if not d.startswith((".", "build")) and d != "var"]
        for name in files:
            if name.endswith(".md"):
                yield os.path.join(folder, name)


def embedded_tables(text):
    """The text between each pair of marker lines; raises ValueError on a
    marker without its partner."""
    tables, inside = [], None
    for line in text.splitlines(keepends=True):
        marker = line.strip()
        if marker == BEGIN:
            if inside is not None:
                raise ValueError("a second %s before %s" % (BEGIN, END))
            inside = []
        elif marker == END:
            if inside is None:
                raise ValueError("%s without %s" % (END, BEGIN))
            tables.append("".join(inside))
            inside = None
        elif inside is not None:
            inside.append(line)
    if inside is not None:
        raise ValueError("%s without %s" % (BEGIN, END))
    return tables


class SettingsTableTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # No configuration: the table needs none, and must not depend on any.
        out = subprocess.run([os.environ["CRM_SERVER"], "settings", "--markdown"], env={"PATH": "/usr/bin:/bin"},
                             capture_output=True, text=True, check=True)
        cls.table = out.stdout

    def test_the_printed_table_is_a_markdown_table(self):
        lines = self.table.splitlines()
        self.assertEqual("| variable | key | type | allowed | default | meaning |", lines[0])
        for line in lines[1:]:
            self.assertTrue(line.startswith("| ") or line.startswith("|---"), line)
        self.assertIn("`HTTP_KEEP_ALIVE_SECONDS`", self.table)

    def test_the_readme_embeds_the_table(self):
        with open(os.path.join(ROOT, "README.md")) as f:
            self.assertEqual(1, len(embedded_tables(f.read())), "README.md needs one %s ... %s" % (BEGIN, END))

    def test_every_embedded_table_is_the_printed_one(self):
        for path in markdown_files():
            with open(path) as f:
                text = f.read()
            name = os.path.relpath(path, ROOT)
            try:
                tables = embedded_tables(text)
            except ValueError as e:
                self.fail("%s: %s" % (name, e))
            for table in tables:
                if table != self.table:
                    diff = difflib.unified_diff(table.splitlines(keepends=True), self.table.splitlines(keepends=True),
                                                name, "crm-server settings --markdown")
                    self.fail("%s differs from the table of settings; %s:\n%s" % (name, FIX, "".join(diff)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
