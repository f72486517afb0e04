from __future__ import annotations

import pytest

from checker.parse.labels import (
    XREF,
    read_block_label,
    read_item_label,
    strip_classification,
)


@pytest.mark.parametrize(
    ("text", "number", "letters", "rest"),
    [
        ("A.  Sources of Information", None, ("A",), "Sources of Information"),
        ("5C.  RGC Interagency Coordination", "5", ("C",), "RGC Interagency Coordination"),
        ("C & D.  Conditions and Vulnerability", None, ("C", "D"), "Conditions and Vulnerability"),
        ("C/D. Both", None, ("C", "D"), "Both"),
        ("29C. Coordination", "29", ("C",), "Coordination"),
        ("6.C Coordination", "6", ("C",), "Coordination"),
        ("A.  In September 2009, the RGC", None, ("A",), "In September 2009, the RGC"),
        ("K.", None, ("K",), ""),
        ("(a) Sources", None, ("A",), "Sources"),
        ("6 (c) Coordination", "6", ("C",), "Coordination"),
    ],
)
def test_item_labels_drafts_use(text, number, letters, rest):
    label = read_item_label(text, need_terminator=False)
    assert label is not None
    assert (label.number, label.letters, label.rest) == (number, letters, rest)


@pytest.mark.parametrize(
    "text",
    [
        "U.S. and Australian governments",
        "A Note on Sources",
        "2. The country's situation",
        "2. TIP situation",
        "AB. Not a label",
        "C & C. twice",
        "2010 was a year",
    ],
)
def test_prose_is_not_an_item_label(text):
    assert read_item_label(text, need_terminator=False) is None


def test_cable_labels_need_their_full_stop():
    assert read_item_label("6C Coordination", need_terminator=False) is not None
    assert read_item_label("6C Coordination", need_terminator=True) is None


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("2.  (SBU) CAMBODIA'S TIP SITUATION", "2", "(SBU) CAMBODIA'S TIP SITUATION"),
        ("10.  (U) ABBREVIATIONS", "10", "(U) ABBREVIATIONS"),
        ("Section 4: Prevention", "4", ": Prevention"),
    ],
)
def test_block_labels(text, number, rest):
    label = read_block_label(text)
    assert label is not None and label.number == number
    assert label.rest.lstrip(": ") == rest.lstrip(": ")


@pytest.mark.parametrize("text", ["2010 was a year", "0. Nothing", "A. letter"])
def test_not_block_labels(text):
    assert read_block_label(text) is None


def test_classification_markers_are_stripped():
    assert strip_classification("(SBU) PREVENTION") == ("PREVENTION", "SBU")
    assert strip_classification("(C) Text") == ("Text", "C")
    assert strip_classification("PREVENTION") == ("PREVENTION", None)


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Section 4F details the training", "4F"),
        ("(see section 3A).", "3A"),
        ("mentioned in Section 6A is", "6A"),
        ("see para 29(c) above", "29C"),
        ("see section 6.C", "6C"),
    ],
)
def test_cross_references(text, ref):
    m = XREF.search(text)
    assert m is not None and f"{m['number']}{m['letter'].upper()}" == ref


@pytest.mark.parametrize("text", ["Section 4 and 5 cover it", "Article 15 of the law", "section 12 applies"])
def test_not_cross_references_to_items(text):
    assert XREF.search(text) is None
