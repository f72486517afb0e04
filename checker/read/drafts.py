"""Read a draft file into text, whatever the encoding it was saved in."""

from __future__ import annotations

import codecs
import os
import re
import stat
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TypeVar, overload

from checker.deadline import NO_DEADLINE, Deadline
from checker.errors import DraftError, unreadable
from checker.read import files
from checker.read.files import NotARegularFile

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
# A pipe the shell opened for this process: `... | checker lint /dev/stdin`, or `<(git show ...)`.
_OWN_DESCRIPTOR = re.compile(r"^/(?:dev|proc/self)/fd/(\d+)$")
# Longest first: a UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = {
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-8": codecs.BOM_UTF8,
}


@dataclass(frozen=True, slots=True)
class DraftText:
    """A draft as read from disk: its text, and notes on how it was read."""

    path: str
    text: str
    notes: tuple[str, ...] = ()
    # "word" for a Word document (its paragraphs, headings marked as Markdown's); else read from the text
    format: str | None = None


class Lines(Sequence[str]):
    """The lines of a text as an editor numbers them: CRLF, LF and lone CR all end a line
    (str.splitlines also splits on form feeds and other separators, which would shift line
    numbers). Kept as the text plus where each line starts, not a million small strings."""

    __slots__ = ("_text", "_starts", "_ends")

    def __init__(self, text: str) -> None:
        # Lines and the breaks between them, alternately; their running lengths are where each
        # line starts and ends (split and accumulate run in C, not a loop per line here).
        bounds = array("q", accumulate(map(len, _LINE_BREAK.split(text)), initial=0))
        starts, ends = bounds[0::2], bounds[1::2]
        if len(starts) > 1 and starts[-1] == len(text):  # a final line break ends the last line
            starts.pop()
            ends.pop()
        if not text:
            starts, ends = array("q"), array("q")
        self._text, self._starts, self._ends = text, starts, ends

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if index.__class__ is int:  # the parsers' hot path: an exact type test, no isinstance
            return self._text[self._starts[index] : self._ends[index]]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._text[self._starts[index] : self._ends[index]]

    def __iter__(self) -> Iterator[str]:
        text = self._text
        return (text[a:b] for a, b in zip(self._starts, self._ends))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __hash__(self) -> int:
        return hash(self._text)

    def __repr__(self) -> str:
        return f"Lines({len(self)} lines)"

    def offset(self, index: int) -> int:
        """Where line `index` (0-based) starts in the text."""
        return self._starts[index]

    def indexes_matching(self, pattern: re.Pattern[str]) -> tuple[int, ...]:
        """The (0-based) lines where `pattern` finds something: one scan of the whole text rather
        than a search line by line, for patterns that rarely match."""
        found = dict.fromkeys(bisect_right(self._starts, m.start()) - 1 for m in pattern.finditer(self._text))
        return tuple(found)


def lines_matching(lines: Sequence[str], pattern: re.Pattern[str]) -> tuple[int, ...]:
    """The (0-based) lines where `pattern` finds something, for patterns that rarely match: one
    scan of the whole text when the lines are a Lines."""
    if isinstance(lines, Lines):
        return lines.indexes_matching(pattern)
    return tuple(i for i, line in enumerate(lines) if pattern.search(line))


def split_lines(text: str) -> Lines:
    return Lines(text)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's bytes turned into text, with the encoding and byte-order mark to write it back with."""

    text: str
    encoding: str
    bom: bool  # a byte-order mark preceded the text
    notes: tuple[str, ...] = ()

    def encode(self, text: str) -> bytes:
        """`text` back to bytes exactly as the file had them: same encoding, same mark."""
        # A UTF-8 mark can precede text that then proved to be cp1252: it is kept as it was.
        mark = _BOMS.get(self.encoding, codecs.BOM_UTF8) if self.bom else b""
        return mark + text.encode(self.encoding)


def decode_exactly(data: bytes, where: str) -> Decoded:
    # Windows Notepad saves "Unicode" as UTF-16 with a mark; without one, its zero bytes look binary.
    wide = next((e for e, mark in _BOMS.items() if e != "utf-8" and data.startswith(mark)), None)
    if wide:
        name = wide[:6].upper()
        try:
            text = data[len(_BOMS[wide]) :].decode(wide)
        except UnicodeDecodeError as exc:
            raise DraftError(
                f"{where}: marked as {name} but not valid {name} (byte {exc.start + len(_BOMS[wide])}); "
                "save it again as UTF-8"
            ) from None
        return Decoded(text, wide, True, (f"{name} with a byte-order mark, not UTF-8; read as {wide}",))
    if b"\x00" in data[:8192]:
        raise DraftError(f"{where}: looks like a binary file, not a text draft; export it as plain text or Markdown")
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    try:
        return Decoded(data.decode("utf-8"), "utf-8", bom)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Cables often pass through Windows tools: cp1252 first, Latin-1 (never fails) last.
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        line = data[:first_bad].count(b"\n") + 1
        return Decoded(text, encoding, bom, (f"not valid UTF-8 (first bad byte on line {line}); read as {encoding}",))
    raise AssertionError("latin-1 decodes any bytes")


def decode(data: bytes, where: str) -> tuple[str, tuple[str, ...]]:
    decoded = decode_exactly(data, where)
    return decoded.text, decoded.notes


def _handed_over(where: str) -> bool:
    """Whether `where` names a pipe this process was given open (its writer is there), which can
    be read, unlike a named pipe that may never get one."""
    match = _OWN_DESCRIPTOR.match(where)
    descriptor = 0 if where == "/dev/stdin" else int(match[1]) if match else None
    if descriptor is None:
        return False
    try:
        status = os.stat(where)
        return stat.S_ISFIFO(status.st_mode) and os.path.samestat(status, os.fstat(descriptor))
    except OSError:
        return False


def draft_bytes(path: Path | str) -> bytes:
    """The bytes of a draft file, or a DraftError saying why they cannot be had."""
    return _draft_read(path, files.read_bytes, lambda data: data)


def draft_file(path: Path | str) -> tuple[bytes, files.Snapshot | None]:
    """draft_bytes, and a Snapshot to check before writing over the draft (None for a pipe)."""
    return _draft_read(path, files.read_with_snapshot, lambda data: (data, None))


T = TypeVar("T")


def _draft_read(path: Path | str, read: Callable[[Path | str], T], from_pipe: Callable[[bytes], T]) -> T:
    where = str(path)
    try:
        return from_pipe(Path(path).read_bytes()) if _handed_over(where) else read(path)
    except NotARegularFile:
        raise DraftError(
            f"{where}: is not a regular file (a pipe or device); save the draft to a file and check that"
        ) from None
    except OSError as exc:
        raise DraftError(unreadable(exc, where, "give the draft files inside it")) from None


def empty_draft(where: str) -> DraftError:
    return DraftError(f"{where}: the draft is empty; write it, or leave it out of the run")


def read_draft(path: Path | str, deadline: Deadline = NO_DEADLINE) -> DraftText:
    """The draft at `path` as text. Reading a Word draft stops with OutOfTime once `deadline` passes."""
    where = str(path)
    data = draft_bytes(path)
    from checker.read.docx import docx_lines, is_docx

    if is_docx(data):
        lines = docx_lines(data, where, deadline)
        return DraftText(where, "\n".join(lines) + "\n", ("Word document: line numbers are paragraph numbers",), "word")
    text, notes = decode(data, where)
    if not text.strip():
        raise empty_draft(where)
    return DraftText(where, text, notes)
