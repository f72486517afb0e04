"""Text that comes from drafts, file names and the user's data files, made inert for each place it
is shown. One rule per kind of output, here and nowhere else; every reporter and every message
the command line prints goes through them.

File names are str as Python gives them: a byte that is not UTF-8 arrives as a lone surrogate
(surrogateescape), which no UTF-8 output can hold; each rule below says what becomes of it."""

from __future__ import annotations

import html as _html
import json
import os
import re
from typing import Any
from urllib.parse import quote

# What must never reach a terminal as it is: C0 controls but the tab (an escape sequence can
# erase or rewrite the lines above, a line break would split one finding in two), DEL, C1
# controls (U+009B is a one-character escape sequence on some terminals), line and paragraph
# separators, bidirectional embeddings, overrides and isolates (they reorder what is displayed),
# and lone surrogates (bytes of a file name that are not UTF-8).
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def terminal(text: str) -> str:
    """One line for a terminal or log: each unsafe character shown as U+FFFD."""
    return _TERMINAL_UNSAFE.sub(REPLACEMENT, text)


def terminal_block(text: str) -> str:
    """Several lines for a terminal (a diff): line ends kept, everything else as `terminal`."""
    return "".join(terminal(body) + end for body, end in re.findall(r"([^\r\n]*)(\r?\n|\r|$)", text))


# ------------------------------------------------------------------------------------- Markdown

# In a Markdown table cell: | ends the cell; < opens an HTML tag or comment (a file named
# `a<!--.md` would hide the rest of a CI summary); [ ] make links and remote images (a report
# must load nothing); ` opens code that can swallow the cell end; \ escapes the next character;
# & starts an entity (a file named `a&lt;b.md` would show as `a<b.md`, the name of another);
# * _ ~ make emphasis and strike-through.
_MARKDOWN_SPECIAL = {
    "|": "\\|",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "[": "\\[",
    "]": "\\]",
    "`": "\\`",
    "\\": "\\\\",
    "*": "\\*",
    "_": "\\_",
    "~": "\\~",
}
_MARKDOWN = re.compile(r"[|<>&\[\]`\\*_~]")


def markdown(text: str) -> str:
    """Inline Markdown text (a table cell, a heading) that renders as the characters it holds."""
    flat = terminal(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    return _MARKDOWN.sub(lambda m: _MARKDOWN_SPECIAL[m.group()], flat)


# ------------------------------------------------------------------------------------- CSV

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (a tab
# or carriage return before one too): it is kept as text with a leading apostrophe, as they expect.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Line breaks inside a cell are legal CSV, but split the row for grep, awk, diff and many importers.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# What a CSV file read on a terminal (`checker coverage -f csv drafts/`) must not pass on, as for
# `terminal`; tabs stay, as a quoted cell holds them.
_CSV_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def csv_cell(value: Any) -> Any:
    """A CSV cell: text never read as a formula, on one line, no escape sequence nor lone surrogate.

    Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    formula = value.startswith(_FORMULA_START)
    text = _CSV_UNSAFE.sub(REPLACEMENT, _LINE_BREAK.sub(" ", value))
    return "'" + text if formula else text


# A file name in a CSV cell: the key of its rows, so two names must never come out the same (as
# bad\xff.txt and bad\xfe.txt would both as bad\ufffd.txt, nl\nline.txt as nl line.txt). What
# csv_cell would replace or turn into a space is written as an escape instead: \xNN for a byte
# that is not UTF-8 and for a control character, \uNNNN for the other characters.
_NAME_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\x85\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _name_escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def csv_name(name: str) -> str:
    """A file name for a CSV cell: as csv_cell, and each character it would not keep escaped."""
    return str(csv_cell(_NAME_UNSAFE.sub(lambda m: _name_escape(m.group()), name)))


# ------------------------------------------------------------------------------------- HTML / XML

# Characters XML 1.0 does not allow even escaped, and lone surrogates. Drafts carry them (Word's
# manual line break is \x0b); ElementTree and html.escape pass them as they are.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# Bidirectional embeddings, overrides and isolates reorder what a page shows (a draft named
# post-1<U+202E>txt.cod shows as post-1doc.txt): replaced on a page as on a terminal.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def html(text: str) -> str:
    """Text for an HTML page or attribute: markup characters escaped, unusable characters and
    bidirectional controls replaced."""
    return _html.escape(_BIDI.sub(REPLACEMENT, _NOT_XML.sub(REPLACEMENT, text)))


def xml_document(text: str) -> str:
    """A serialised XML document (markup already escaped) with the characters XML cannot hold replaced."""
    return _NOT_XML.sub(REPLACEMENT, text)


# ------------------------------------------------------------------------------------- JSON


def json_text(data: Any, indent: int | None = 2) -> str:
    """JSON that any UTF-8 file or stream can hold: a file name's non-UTF-8 byte, a lone surrogate
    in Python, is written as its JSON escape (\\udcff), which json.loads turns back into the same
    name (os.fsencode then gives the bytes)."""
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def script_json(data: Any) -> str:
    """JSON to embed in an HTML <script type="application/json"> element: as json_text, compact,
    with <, > and & written as JSON escapes, so no text in it (`</script>`, `<!--`) can end the
    element or start markup; JSON.parse gives the same characters back, but bidirectional
    controls, replaced as on the page."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = _BIDI.sub(REPLACEMENT, _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# ------------------------------------------------------------------------------------- URIs


def uri_path(path: str) -> str:
    """A relative path as a URI reference (SARIF): every byte that is not unreserved is
    percent-encoded, the name's own bytes included when they are not UTF-8."""
    return quote(os.fsencode(path), safe="/")


# ------------------------------------------------------------------------------------- GitHub

# Workflow commands end at a line break and GitHub's log shows ANSI colours: % and line breaks
# are escaped as the runner expects, other controls replaced.
_GITHUB_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def github_data(text: str) -> str:
    """The message of a workflow command."""
    return _GITHUB_UNSAFE.sub(REPLACEMENT, text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property of a workflow command (file=, title=)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


# ------------------------------------------------------------------------------------- diffs

_PATCH_NAME_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f-\x9f\ud800-\udfff]')
_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def patch_name(name: str) -> str:
    """A file name in a diff's --- and +++ lines: as it is, or, when it holds a quote, a backslash,
    a control character or a byte that is not UTF-8, C-quoted the way git writes it (and git apply
    and GNU patch read it): a name cannot end the header line early or drive a terminal."""
    if not _PATCH_NAME_UNSAFE.search(name):
        return name
    out = []
    for byte in os.fsencode(name):
        char = chr(byte)
        if char in _C_ESCAPES:
            out.append(_C_ESCAPES[char])
        elif byte < 0x20 or byte >= 0x7F:
            out.append(f"\\{byte:03o}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
