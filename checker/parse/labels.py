"""How drafts write labels: `2.`, `2A.`, `A.`, `5C.`, `6.C`, `C & D.`, `C/D.`, `29C`, `Section 4F`."""

from __future__ import annotations

import re
from dataclasses import dataclass

CLASSIFICATION = re.compile(r"^\((?P<mark>U|SBU|C|S|TS|LOU|FOUO|NF|(?:U|SBU|C|S)(?://?(?:NF|FOUO|REL[A-Z ,]*))?)\)\s*")

_ITEM = re.compile(
    r"""^(?:(?P<number>\d{1,2})\s?\.?\s?)?          # optional number: 5C, 6.C, 29C
        (?P<first>[A-Z])
        (?P<more>(?:\s*(?:&|/|,|\band\b|\bAND\b)\s*[A-Z](?![A-Za-z]))*)   # merged: C & D, C/D
        (?P<term>[.):])?
        (?=\s|$)""",
    re.VERBOSE,
)
# "(a) Sources", "2(c) Title": common in word-processed drafts; read only in headings.
_PAREN_ITEM = re.compile(r"^(?:(?P<number>\d{1,2})\s?)?\((?P<letter>[A-Za-z])\)(?=\s|$)")
_BLOCK = re.compile(r"^(?:(?:section|part|para(?:graph)?)\s+)?(?P<number>\d{1,2})(?P<term>[.):])?(?=\s|$)", re.I)
_SECTION_WORD = re.compile(r"^(?:section|part|item)\s+(?=\d)", re.I)
_MORE_LETTER = re.compile(r"[A-Z]")

# The first letter comes first, so the scan jumps between the places one stands; the look-behinds
# then do what a leading \b and the alternatives' own first letters would.
XREF = re.compile(
    r"[SsPpIi](?<!\w.)(?:(?<=[Ss])ection|(?<=S)ECTION|(?<=[Pp])ara(?:graph)?|(?<=P)ARA(?:GRAPH)?|(?<=[Ii])tem|(?<=I)TEM)"
    r"s?\.?\s+(?P<number>\d{1,2})(?:\.|\s?\()?(?P<letter>[A-Za-z])\)?(?![A-Za-z0-9])"
)


@dataclass(frozen=True, slots=True)
class Label:
    """A heading's label read apart: its number, its letters and the text after it."""

    text: str  # the label exactly as written, e.g. "5C.", "C & D."
    number: str | None
    letters: tuple[str, ...]
    rest: str  # what follows the label on the line


def read_item_label(text: str, *, need_terminator: bool) -> Label | None:
    """An item label at the start of `text`, e.g. `A.  Sources`, `5C.  Title`, `C & D.`.

    A bare letter must be followed by `.`, `)` or `:` (else "A Note on..." would be a label);
    with `need_terminator` (plain-text cables) every label must be.
    """
    stripped = _SECTION_WORD.sub("", text)
    if not need_terminator and (p := _PAREN_ITEM.match(stripped)):
        consumed = len(text) - len(stripped) + p.end()
        return Label(text[:consumed].strip(), p["number"], (p["letter"].upper(),), text[consumed:].strip())
    m = _ITEM.match(stripped)
    if not m:
        return None
    if m["term"] is None and (need_terminator or m["number"] is None):
        return None
    number = m["number"]
    if number is not None and int(number) == 0:
        return None
    letters = (m["first"], *_MORE_LETTER.findall(m["more"] or ""))
    if len(set(letters)) != len(letters):
        return None
    consumed = len(text) - len(stripped) + m.end()
    return Label(text[:consumed].strip(), number, letters, text[consumed:].strip())


def read_block_label(text: str) -> Label | None:
    """A block label at the start of `text`, e.g. `2.  (SBU) TITLE`, `Section 4: Prevention`."""
    m = _BLOCK.match(text)
    if not m or int(m["number"]) == 0:
        return None
    if m["term"] is None and not text[: m.start("number")].strip():
        # A bare number with no terminator ("2010 was a year...") is not a label.
        return None
    return Label(text[: m.end()].strip(), m["number"], (), text[m.end() :].strip())


def strip_classification(text: str) -> tuple[str, str | None]:
    m = CLASSIFICATION.match(text)
    if not m:
        return text, None
    return text[m.end() :], m["mark"]
