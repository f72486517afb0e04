"""Write checker/load/bundle.json: every bundled question set, rule and detector, validated as a
user's file would be, as plain data, each with the SHA-256 of its file (see checker.load.bundled).

    python -m checker.load.make_bundle          # after editing anything in question_sets/ or rules/

The test suite fails while the bundle is out of date."""

from __future__ import annotations

import json
import sys
from typing import Any

from checker.errors import ConfigError
from checker.load.bundled import BUNDLE, BUNDLE_FORMAT, builtin_dir, digest
from checker.load.detectors import VOCABULARY, checked_spec, detector_files, read_vocabulary
from checker.load.patterns import compile_bundled
from checker.load.question_sets import bundled_question_sets, validated_data
from checker.load.rules import validated_rule
from checker.read.files import read_bytes


def build() -> dict[str, Any]:
    """The bundle, made from the files as they are now; ConfigError lists every problem in them."""
    from checker.toolkit import Toolkit  # for the checks across files (a set and its `previous`)

    entries: dict[str, dict[str, Any]] = {"question_sets": {}, "rules": {}, "detectors": {}}
    problems: list[str] = []
    toolkit = Toolkit()

    def add(section: str, path: Any, make: Any) -> None:
        try:
            entries[section][path.name] = {"sha256": digest(read_bytes(path)), "data": make()}
        except ConfigError as exc:
            problems.extend(exc.problems)

    for path in bundled_question_sets().values():
        problems += toolkit.question_set_problems(path)
        add("question_sets", path, lambda p=path: validated_data(p)[0])
    for path in sorted(builtin_dir("rules").glob("*.yaml")):
        add("rules", path, lambda p=path: validated_rule(p))
    files = detector_files()
    vocabulary = read_vocabulary(files.get(VOCABULARY))
    for name, path in files.items():
        if name == VOCABULARY:
            add("detectors", path, lambda: {"vocabulary": vocabulary})
        else:
            add("detectors", path, lambda p=path: checked_spec(p, vocabulary, compile_bundled))
    if not problems:  # every evidence kind a bundled set asks for has a bundled detector
        from checker.toolkit import evidence_kind_problems

        kinds = {e["data"]["kind"] for e in entries["detectors"].values() if "kind" in e["data"]}
        for path in bundled_question_sets().values():
            problems += evidence_kind_problems(toolkit.question_set(path), kinds)
    if problems:
        raise ConfigError(problems)
    return {"format": BUNDLE_FORMAT, "entries": entries}


def serialized(bundle: dict[str, Any]) -> str:
    return json.dumps(bundle, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    try:
        text = serialized(build())
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    BUNDLE.write_text(text, encoding="utf-8")
    print(f"{BUNDLE}: written ({len(text):,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
