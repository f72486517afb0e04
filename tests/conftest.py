from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.load.config import NO_CONFIG
from checker.model.findings import FileReport
from checker.model.questions import QuestionSet
from checker.model.rules import RuleSpec
from checker.parse import parse_draft
from checker.read.drafts import DraftText
from checker.toolkit import Settings, Toolkit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "10PHNOMPENH138.html.txt"

needs_shared = pytest.mark.skipif(not SEED.exists(), reason="../shared reference material not present")


# One toolkit for the tests that use only checker's own files and the fixtures: loading is what
# a run does once, and these never change under it.
TOOLKIT = Toolkit()


def fixture_qset(name: str) -> QuestionSet:
    return TOOLKIT.question_set(FIXTURES / "question_sets" / f"{name}.yaml")


def bundled_rules() -> tuple[RuleSpec, ...]:
    return TOOLKIT.settings_for(FIXTURES).rules


def lint_text(
    text: str, qset: QuestionSet, rules: tuple[RuleSpec, ...] | None = None, path: str = "draft.md"
) -> FileReport:
    document = parse_draft(DraftText(path, textwrap.dedent(text)))
    defaults = TOOLKIT.settings_for(FIXTURES)
    settings = Settings(NO_CONFIG, rules if rules is not None else defaults.rules, defaults.detectors, None)
    return check_document(document, qset, settings, TOOLKIT)


def codes(report: FileReport, only: str | None = None) -> list[tuple[str, int]]:
    return [
        (f.code, f.line)
        for f in sorted(report.findings, key=lambda f: (f.line, f.code))
        if only is None or f.code == only
    ]


@pytest.fixture
def mini() -> QuestionSet:
    return fixture_qset("mini-2020")


@pytest.fixture(scope="session")
def tip2010() -> QuestionSet:
    return TOOLKIT.question_set("tip-2010")


@pytest.fixture
def write_draft(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str, name: str = "draft.md") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
