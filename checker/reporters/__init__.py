"""Reporters render a Report; they decide nothing (the exit code is computed once, in engine)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from checker.models import Report

Reporter = Callable[[Report, TextIO, bool], None]


def get_reporter(name: str) -> Reporter:
    # Imported on demand: the JSON reporter need not pay for rich, nor the text one for jsonschema.
    if name == "json":
        from checker.reporters.json_report import render
    elif name == "github":
        from checker.reporters.github import render
    elif name == "junit":
        from checker.reporters.junit import render
    else:
        from checker.reporters.text import render
    return render
