"""The README's example of describing one's own instruction works as it says."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def _blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Describe your own instruction") :]
    section = section[: section.index("\n### ")]
    return re.findall(r"```(\w*)\n(.*?)```", section, re.S)


def test_the_minimal_set_is_under_thirty_lines_and_validates_and_lints_as_shown(tmp_path):
    (_, qset), _, (_, draft), (_, expected) = _blocks()[:4]
    assert len(qset.strip().splitlines()) < 30
    (tmp_path / "incident-review.yaml").write_text(qset)
    (tmp_path / "review-0412.md").write_text(draft)

    def checker(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "checker", *args], cwd=tmp_path, capture_output=True, text=True)

    assert checker("questions", "validate", "incident-review.yaml").stdout == "1 question set file(s) valid\n"
    linted = checker("lint", "-Q", "incident-review.yaml", "--no-table", "review-0412.md")
    assert linted.stdout == expected
    assert linted.returncode == 1
    assert checker("fix", "--write", "-Q", "incident-review.yaml", "review-0412.md").returncode in (0, 1)
    assert "## Follow-up actions\n" in (tmp_path / "review-0412.md").read_text()
    (tmp_path / ".checker.yaml").write_text("question_sets: .\n")
    assert checker("lint", "--no-table", "review-0412.md").stdout.endswith(
        "review-0412.md: note: checked against incident-review (the title 'Incident review: checkout errors on "
        "12 April' names incident-review)\n1 error, 1 warning in 1 draft\n"
    )
