"""Reporters render a Report; they decide nothing (the exit code is computed once, in engine)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TextIO

from checker.model.findings import Report

Reporter = Callable[[Report, TextIO, bool], None]

# format name -> module; imported on demand, so plain output never pays for rich or jsonschema.
_MODULES = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "table": "coverage_text",
    "markdown": "coverage_markdown",
    "html": "coverage_html",
    "csv": "coverage_csv",
}


def get_reporter(name: str) -> Reporter:
    render: Reporter = import_module(f"checker.report.{_MODULES[name]}").render
    return render
