"""Copies of the fixture plugins (tests/fixtures/plugins, built into
CRM_FIXTURE_PLUGIN_DIR) in a folder of the test's own, to put on a
spawned server's plugin path."""
import json
import os
import shutil
import tempfile


def work_folder(parent=None):
    """A new folder under `parent`, else the test's work folder, that the
    server (and the postgres account) may read and nobody else may write."""
    folder = tempfile.mkdtemp(dir=parent or os.environ.get("CRM_TEST_WORK"))
    os.chmod(folder, 0o755)
    return folder


def plugin_folder(plugin_id, manifest_change=None, parent=None):
    """A new folder (under `parent`, else the test's work folder) holding a
    copy of the fixture plugin `plugin_id`, its plugin.json changed by
    `manifest_change` (a function of the parsed manifest) when given."""
    folder = work_folder(parent)
    target = os.path.join(folder, plugin_id)
    shutil.copytree(os.path.join(os.environ["CRM_FIXTURE_PLUGIN_DIR"], plugin_id), target)
    if manifest_change:
        path = os.path.join(target, "plugin.json")
        with open(path) as f:
            manifest = json.load(f)
        manifest_change(manifest)
        with open(path, "w") as f:
            json.dump(manifest, f)
    return folder
