"""The routing header of a cable (or the header lines a Markdown draft copies): tags, subject,
references, addressees and the date-time group it was sent."""

from __future__ import annotations

import re
from datetime import date

from checker.model.document import CableRef, Header, HeaderLine

_MONTHS = {
    m: i
    for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)
}
# Precedence letter(s), day, time, zone, month, year: "O 240836Z FEB 10".
_DTG = re.compile(
    r"^\s*(?:[OPRZ]{1,2}\s+)?(?P<day>\d{2})(?P<time>\d{4})Z\s+(?P<month>[A-Z]{3})\s+(?P<year>\d{2}|\d{4})\s*$"
)
_DATE_LINE = re.compile(r"^\s*(?:DATE|SENT)\s*:\s*(?P<value>.+?)\s*$", re.I)
_KEY = re.compile(r"^\s*(?P<key>TAGS|SUBJECT|SUBJ|REFS?|REFTEL|E\.O\.|DATE|SENT)\s*:\s*(?P<value>.*)$", re.I)
_FOR = re.compile(r"^\s*(?:STATE|DEPT|DEPARTMENT)\s+(?:FOR|PASS TO)\b\s*(?P<value>.*)$", re.I)
_CABLE_ID = re.compile(
    r"(?:(?<![A-Za-z0-9])(?P<letter>[A-Z])[.)]\s*)?"
    r"(?:(?P<year>\d{2})\s+)?(?P<origin>[A-Z][A-Z]+(?:\s[A-Z][A-Z]+)*)\s+(?P<number>\d{1,7})(?!\d)"
)
_MARKUP = re.compile(r"^[\s>*_#-]*|[*_`]+")


def _plain(text: str) -> str:
    """Header text without Markdown emphasis, bullets or quote markers."""
    return _MARKUP.sub("", text).strip()


def parse_date(text: str) -> date | None:
    text = text.strip()
    m = _DTG.match(text.upper())
    if m:
        year = int(m["year"])
        try:
            return date(year + 2000 if year < 100 else year, _MONTHS.get(m["month"], 0), int(m["day"]))
        except ValueError:
            return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    m = re.match(r"(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})", text)
    if m and m["month"].upper() in _MONTHS:
        try:
            return date(int(m["year"]), _MONTHS[m["month"].upper()], int(m["day"]))
        except ValueError:
            return None
    return None


def cable_refs(text: str, line: int, first_letter: str = "A") -> list[CableRef]:
    refs = []
    next_letter = first_letter
    for m in _CABLE_ID.finditer(text.upper()):
        origin = m["origin"].strip()
        letter = m["letter"] or next_letter
        year = m["year"]
        shown = f"{year + ' ' if year else ''}{origin} {m['number']}"
        refs.append(CableRef(letter, shown, year, origin, int(m["number"]), line))
        next_letter = chr(ord(letter) + 1)
    return refs


def parse_header(lines: list[tuple[int, str]]) -> Header:
    """Read header facts from the lines before the first numbered paragraph.

    `TAGS:` and `REF:` values often wrap onto following lines; a continuation runs to the next
    blank line or the next `KEY:` line.
    """
    fields: dict[str, HeaderLine] = {}
    values: dict[str, list[tuple[int, str]]] = {}
    sent: tuple[date, HeaderLine] | None = None
    current: str | None = None
    for lineno, raw in lines:
        text = _plain(raw)
        if not text:
            current = None
            continue
        if sent is None and (m := _DTG.match(text.upper())):
            parsed = parse_date(text)
            if parsed:
                sent = (parsed, HeaderLine(raw.strip(), lineno))
            current = None
            continue
        if (m := _KEY.match(text)) is not None:
            key = m["key"].upper().rstrip(".")
            key = {"SUBJ": "SUBJECT", "REFS": "REF", "REFTEL": "REF", "SENT": "DATE"}.get(key, key)
            if key == "DATE":
                parsed = parse_date(m["value"])
                if parsed and sent is None:
                    sent = (parsed, HeaderLine(raw.strip(), lineno))
                current = None
                continue
            if key not in fields:
                fields[key] = HeaderLine(raw.strip(), lineno)
                values[key] = [(lineno, m["value"])]
                current = key if key in ("TAGS", "REF", "SUBJECT") else None
            else:
                current = None
            continue
        if (m := _FOR.match(text)) is not None and "FOR" not in fields:
            fields["FOR"] = HeaderLine(raw.strip(), lineno)
            current = None
            continue
        if current is not None:
            values[current].append((lineno, text))

    tags: tuple[str, ...] = ()
    if "TAGS" in values:
        tags = tuple(re.findall(r"\b[A-Z][A-Z0-9]{1,7}\b", " ".join(v for _, v in values["TAGS"]).upper()))
    refs: list[CableRef] = []
    for lineno, value in values.get("REF", []):
        refs += cable_refs(value, lineno, chr(ord(refs[-1].letter) + 1) if refs else "A")
    subject = None
    if "SUBJECT" in fields:
        subject = HeaderLine(" ".join(v.strip() for _, v in values["SUBJECT"]), fields["SUBJECT"].line)
    return Header(
        tags=tags,
        tags_line=fields.get("TAGS"),
        subject=subject,
        refs=tuple(refs),
        ref_line=fields.get("REF"),
        sent=sent[0] if sent else None,
        sent_line=sent[1] if sent else None,
        addressees=fields.get("FOR"),
    )
