from __future__ import annotations

import pytest

from checker.engine import check_paths
from checker.model.findings import Report
from checker.toolkit import Toolkit
from tests.report.cycle_drafts import write_cycle

CYCLE = 180  # replies in a reporting cycle (the 2010 TIP instructions went to about 180 posts)


@pytest.fixture(scope="session")
def cycle_report(tmp_path_factory) -> Report:
    """A whole cycle, 180 replies x 48 questions, checked as `checker coverage` checks them."""
    drafts = write_cycle(tmp_path_factory.mktemp("cycle") / "replies", CYCLE)
    report, errors = check_paths(drafts, Toolkit(), jobs=2)
    assert not errors
    return report
