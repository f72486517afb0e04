from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.load.question_sets import load_question_set
from checker.load.rules import load_rules
from checker.model.findings import FileReport
from checker.model.questions import QuestionSet
from checker.model.rules import RuleSpec
from checker.parse import parse_draft
from checker.read.drafts import DraftText

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "10PHNOMPENH138.html.txt"

@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never write to the user's cache, and always exercise the cache."""
    import os

    os.environ["CHECKER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


needs_shared = pytest.mark.skipif(not SEED.exists(), reason="../shared reference material not present")


def fixture_qset(name: str) -> QuestionSet:
    return load_question_set(FIXTURES / "question_sets" / f"{name}.yaml")


def lint_text(text: str, qset: QuestionSet, rules: tuple[RuleSpec, ...] | None = None,
              path: str = "draft.md") -> FileReport:
    document = parse_draft(DraftText(path, textwrap.dedent(text)))
    return check_document(document, qset, rules if rules is not None else load_rules())


def codes(report: FileReport, only: str | None = None) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in sorted(report.findings, key=lambda f: (f.line, f.code))
            if only is None or f.code == only]


@pytest.fixture
def mini() -> QuestionSet:
    return fixture_qset("mini-2020")


@pytest.fixture(scope="session")
def tip2010() -> QuestionSet:
    return load_question_set("tip-2010")


@pytest.fixture
def write_draft(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str, name: str = "draft.md") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
