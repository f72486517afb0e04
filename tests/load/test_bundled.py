"""The bundle of checker's own data files: up to date, and used only while a file is unchanged."""

from __future__ import annotations

import json
import shutil

from checker.load.bundled import BUNDLE, Bundle, builtin_dir, read_bundle
from checker.load.make_bundle import build, serialized


def test_the_shipped_bundle_is_made_from_the_files_as_they_are():
    # After editing question_sets/ or rules/, run: python -m checker.load.make_bundle
    assert BUNDLE.read_text(encoding="utf-8") == serialized(build()), "run python -m checker.load.make_bundle"


def test_an_entry_is_used_only_while_its_file_is_unchanged(tmp_path):
    bundle = read_bundle()
    path = builtin_dir("rules") / "CQ101-missing-answer.yaml"
    assert bundle.data("rules", path)["id"] == "CQ101"
    # A file of the same name elsewhere (a user's copy) is never taken from the bundle.
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    assert bundle.data("rules", copy) is None
    # Nor is a bundled file whose content no longer matches.
    raw = json.loads(BUNDLE.read_text(encoding="utf-8"))
    raw["entries"]["rules"][path.name]["sha256"] = "0" * 64
    assert Bundle(raw["entries"]).data("rules", path) is None


def test_loading_reads_no_yaml_and_imports_no_validator_when_everything_is_bundled():
    import subprocess
    import sys

    script = (
        "import sys; from checker.toolkit import Toolkit; from pathlib import Path; t = Toolkit(); "
        "t.settings_for(Path('.')); t.bundled_question_sets(); "
        "print(sorted(m for m in ('yaml', 'jsonschema', 'regex') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
