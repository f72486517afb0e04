"""Checks configured entirely by a rule file, in the manner of Vale's: a project writes a rule
for a forbidden phrase, a required phrase, a length limit or a preferred word in YAML alone.

    existence        phrases or patterns that must not appear
    required-phrase  a phrase or pattern that the answer to each named question must hold
    occurrence       at least / at most so many words per answer, sentences per answer, words per sentence
    substitution     "write X, not Y"

Each may be narrowed to some questions (`questions:`) and to some question sets
(`question_sets:`). Which question ids exist is known only once a draft's question set is, so
`scope_problems` checks them then (the Toolkit calls it before a draft is checked)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.check.base import CheckContext, Hit, hit_on, label_of
from checker.load.patterns import Compile, as_group, compile_users, finditer, joinable_problem, pattern_problem, search
from checker.load.patterns import Match as Found
from checker.model.matches import Match
from checker.model.questions import Question, QuestionSet

if TYPE_CHECKING:
    from checker.model.rules import RuleSpec

_ID_LIST: Mapping[str, Any] = {
    "type": "array",
    "minItems": 1,
    "uniqueItems": True,
    "items": {"type": "string", "minLength": 1},
}

SCOPE_PARAMS: Mapping[str, Any] = {
    "questions": {
        **_ID_LIST,
        "description": "Ids of the questions whose answers the rule reads, as the question set writes them "
        "(6C); a block's number stands for all its questions. Default: every answer.",
    },
    "question_sets": {
        **_ID_LIST,
        "description": "Ids of the question sets the rule applies to (tip-2010); drafts checked against "
        "another set are left alone. Default: every set.",
    },
}

LOOK_FOR_PARAMS: Mapping[str, Any] = {
    "phrases": {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string", "pattern": r"\S"},
        "description": "Plain text, matched as whole words; a space matches any run of spaces or a line break.",
    },
    "patterns": {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string", "minLength": 1},
        "description": "Regular expressions (Python syntax, as they are written: (?i) makes one ignore case); "
        "no capturing groups, write (?:...).",
    },
    "ignore_case": {
        "type": "boolean",
        "default": True,
        "description": "Whether `phrases` match whatever their case (`patterns` keep their own flags).",
    },
}

WHERE_PARAMS: Mapping[str, Any] = {
    "scope": {
        "enum": ["answers", "draft"],
        "default": "answers",
        "description": "answers: the text of the sections that answer a question; draft: every line of the "
        "draft, headings and header included (then `questions` cannot be given).",
    },
    "per": {
        "enum": ["occurrence", "line"],
        "default": "occurrence",
        "description": "One finding per occurrence, or at most one per line.",
    },
}

_PLACE_FIELDS = frozenset({"question", "title", "label", "where"})


def _schema(properties: Mapping[str, Any], required: Sequence[str] = ()) -> Mapping[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(required), "properties": dict(properties)}


# ---------------------------------------------------------------------------------------- scope


def applies(ctx: CheckContext, params: Mapping[str, Any]) -> bool:
    sets = params.get("question_sets")
    return not sets or ctx.question_set.id in sets


def selected(qset: QuestionSet, ids: Sequence[str] | None) -> set[str] | None:
    """The question ids `ids` stand for in `qset` (a block's number: its questions); None: all."""
    if ids is None:
        return None
    out: set[str] = set()
    for name in ids:
        block = qset.block(name) if qset.question(name) is None else None
        group = _parts_in_group(qset, name) if qset.question(name) is None else None
        if block is not None:
            out.update(q.id for q in block.questions)
        elif group is not None:
            out.update(group)
        else:
            out.add(name)
    return out


def _parts_in_group(qset: QuestionSet, name: str) -> set[str] | None:
    """The parts a group of a set of parts holds, at any depth (a group's id stands for them, as
    a block's number does for its questions); None when `name` is no group's id."""
    if not any(p.group and p.id == name for p in qset.parts):
        return None
    inside, out = {name}, set()
    for part in qset.parts:  # in reading order: a group comes before the parts inside it
        if part.parent in inside:
            inside.add(part.id)
            if not part.group:
                out.add(part.id)
    return out


def _answers(ctx: CheckContext, params: Mapping[str, Any], each: bool = False) -> Iterator[tuple[Match, Question]]:
    """Each section answering a question in scope (an answer, a duplicate or a merged answer), with
    that question; with `each`, a merged answer once for every question of it in scope."""
    wanted = selected(ctx.question_set, params.get("questions"))
    for m in ctx.matches.matches:
        if m.question is None or m.role not in ("answer", "duplicate"):
            continue
        for q in (m.question, *m.also_answers):
            if wanted is None or q.id in wanted:
                yield m, q
                if not each:
                    break


def _place(m: Match | None, q: Question | None, line: int) -> dict[str, object]:
    if m is None:
        return {"question": "", "title": "", "label": "", "where": f"line {line}"}
    label = label_of(m)
    question = q.id if q else label
    title = q.title if q else m.section.title
    return {"question": question, "title": title, "label": label, "where": f"{question} ({title})"}


def scope_problems(rule: RuleSpec, qset: QuestionSet) -> list[str]:
    """The question ids an enabled rule names that `qset` lacks, when the rule applies to drafts
    checked against it: one line each, naming the rule file, the place and the fix."""
    params = rule.params
    ids = params.get("questions") if rule.enabled and rule.check in GENERIC else None
    if not ids or (params.get("question_sets") and qset.id not in params["question_sets"]):
        return []
    unknown = [
        (i, name)
        for i, name in enumerate(ids)
        if qset.question(name) is None and qset.block(name) is None and _parts_in_group(qset, name) is None
    ]
    if not unknown:
        return []
    from checker.load.yaml_files import line_for, load_yaml

    try:
        _, lines = load_yaml(Path(rule.path))
    except Exception:  # noqa: BLE001 - the line is a courtesy; the rule loaded once already
        lines = {}
    known = [q.id for q in qset.questions]
    some = ", ".join(known[:6]) + (", ..." if len(known) > 6 else "")
    group_ids = [p.id for p in qset.parts if p.group]
    shown = ", ".join(group_ids[:4]) + (", ..." if len(group_ids) > 4 else "")
    groups = f" or groups of them ({shown})" if group_ids else ""
    return [
        f"{rule.path}:{line_for(lines, f'$.params.questions[{i}]')}: $.params.questions[{i}]: "
        f"question set {qset.id!r} ({qset.path}) has no question {name!r}; name one of its questions "
        f"({some}){groups}, or list in `question_sets` the sets this rule is for"
        for i, name in unknown
    ]


# ------------------------------------------------------------------------------ phrases, patterns


_WORD_CHAR = re.compile(r"\w")
_APOSTROPHE = re.compile("['’]")


def phrase_source(phrase: str) -> str:
    """A plain phrase as a pattern: its words in order, any run of spaces between them, either
    apostrophe for one, and whole words only (no word character just before or after, where the
    phrase starts or ends with one)."""
    words = phrase.split()
    source = r"\s+".join(_APOSTROPHE.sub("['’]", re.escape(word)) for word in words)
    if _WORD_CHAR.match(words[0][0]):
        source = r"(?<!\w)" + source
    if _WORD_CHAR.match(words[-1][-1]):
        source += r"(?!\w)"
    return source


def phrases_source(phrases: Sequence[str], ignore_case: bool) -> str:
    """The phrases as one alternation, longest first so that "data set" wins over "data"."""
    body = "|".join(phrase_source(p) for p in sorted(phrases, key=len, reverse=True))
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


def _look_for_source(params: Mapping[str, Any]) -> str:
    parts = list(map(as_group, params.get("patterns", ())))
    if params.get("phrases"):
        parts.insert(0, phrases_source(params["phrases"], params.get("ignore_case", True)))
    return "|".join(parts)


def _patterns_problems(patterns: Sequence[str], where: str) -> list[str]:
    problems = []
    for i, pattern in enumerate(patterns):
        problem = pattern_problem(pattern) or joinable_problem(pattern)
        if not problem and compile_users(pattern).fullmatch(""):
            problem = "matches empty text, so it would report everywhere; make it need at least one character"
        if problem:
            problems.append(f"{where}[{i}]: {pattern!r}: {problem}")
    return problems


def _look_for_problems(params: Mapping[str, Any]) -> list[str]:
    if not params.get("phrases") and not params.get("patterns"):
        return ["$.params: give `phrases`, `patterns` or both: what the rule looks for"]
    problems = _patterns_problems(params.get("patterns", ()), "$.params.patterns")
    if not problems:
        combined = pattern_problem(_look_for_source(params))
        if combined:
            problems.append(
                f"$.params.patterns: the patterns combined into one do not compile ({combined}); "
                "write each so that it stands on its own inside (?:...)"
            )
    return problems


def _where_problems(params: Mapping[str, Any]) -> list[str]:
    if params.get("scope") == "draft" and "questions" in params:
        return [
            "$.params.questions: with `scope: draft` the rule reads every line; "
            "leave `questions` out, or use `scope: answers`"
        ]
    return []


def _wanted(params: Mapping[str, Any]) -> str:
    """What a rule looks for, in words, for its message: 'data steward' or /DS-[0-9]+/."""
    shown = [f"'{p}'" for p in params.get("phrases", ())] + [f"/{p}/" for p in params.get("patterns", ())]
    return " or ".join(shown)


def _scan(ctx: CheckContext, params: Mapping[str, Any], pattern: Any) -> Iterator[tuple[Found, Hit]]:
    """Each place `pattern` matches in what the rule reads (`scope`), at most one a line if `per:
    line`, with a Hit there carrying the place's fields (question, title, label, where) and `text`."""
    per_line = params.get("per") == "line"
    if params.get("scope") == "draft":
        lines = ctx.document.lines
        text = "\n".join(lines)
        starts = [0]
        for raw in lines[:-1]:
            starts.append(starts[-1] + len(raw) + 1)
        sections = sorted(ctx.matches.matches, key=lambda m: m.section.line)
        heads = [m.section.line for m in sections]
        seen: set[int] = set()
        for found in finditer(pattern, text, ctx.deadline):
            line = bisect_right(starts, found.start())
            if per_line and line in seen:
                continue
            seen.add(line)
            i = bisect_right(heads, line) - 1
            m = sections[i] if i >= 0 and line <= max(sections[i].section.end_line, heads[i]) else None
            place = _place(m, m.question if m else None, line)
            yield found, _hit(found, line, found.start() - starts[line - 1] + 1, place, m)
        return
    for m, q in _answers(ctx, params):
        span = m.section.body
        seen = set()
        for found in finditer(pattern, span.text, ctx.deadline):
            line = span.line_at(found.start())
            if per_line and line in seen:
                continue
            seen.add(line)
            yield found, _hit(found, line, span.column_at(found.start(), ctx.document.lines), _place(m, q, line), m, q)


def _hit(
    found: Found, line: int, column: int, place: dict[str, object], m: Match | None, q: Question | None = None
) -> Hit:
    text = " ".join(found.group(0).split())
    q = q if q is not None else (m.question if m is not None else None)
    return Hit(
        line,
        {**place, "text": text[:60]},
        column=column,
        question=q,
        label=str(place["label"]) or None,
        key=text.lower(),
    )


# ------------------------------------------------------------------------------------- checks


class Existence:
    NAME = "existence"
    SUMMARY = (
        "Reports each place a phrase or pattern appears that must not (a forbidden phrase, a word to avoid): "
        "in the answers, or anywhere in the draft."
    )
    PARAMS_SCHEMA = _schema({**LOOK_FOR_PARAMS, **WHERE_PARAMS, **SCOPE_PARAMS})
    MESSAGE_FIELDS = _PLACE_FIELDS | {"text"}

    @staticmethod
    def prepare(params: Mapping[str, Any], compile: Compile) -> Mapping[str, Any]:
        return {**params, "matcher": compile(_look_for_source(params))}

    @staticmethod
    def validate(params: Mapping[str, Any]) -> list[str]:
        return _look_for_problems(params) + _where_problems(params)

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        if applies(ctx, params):
            for _, hit in _scan(ctx, params, params["matcher"]):
                yield hit


class RequiredPhrase:
    NAME = "required-phrase"
    SUMMARY = (
        "Reports an answer that lacks a phrase or pattern it must hold (any one of those listed), at the "
        "answer's heading: for the questions named, or every answered question. Missing and empty answers "
        "are left to the missing and empty checks."
    )
    PARAMS_SCHEMA = _schema({**LOOK_FOR_PARAMS, **SCOPE_PARAMS})
    MESSAGE_FIELDS = _PLACE_FIELDS | {"wanted"}

    @staticmethod
    def prepare(params: Mapping[str, Any], compile: Compile) -> Mapping[str, Any]:
        return {**params, "matcher": compile(_look_for_source(params)), "wanted": _wanted(params)}

    @staticmethod
    def validate(params: Mapping[str, Any]) -> list[str]:
        return _look_for_problems(params)

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        if not applies(ctx, params):
            return
        for m, q in _answers(ctx, params, each=True):
            if m.role != "answer" or not m.section.body.text.strip():
                continue
            if search(params["matcher"], m.section.body.text, ctx.deadline) is None:
                yield hit_on(m, q, None, where=_place(m, q, 0)["where"], wanted=params["wanted"])


# ------------------------------------------------------------------------------------ occurrence

# A word: letters or digits, joined by an apostrophe, a hyphen or a full stop (don't, co-operate, U.S, 3.5).
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
# Where a sentence may end: its closing marks and any closing quotes or brackets, then a space.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
# A line that opens a piece of its own: a list item, a table row, a heading, a quotation.
_OPENS_PIECE = re.compile(r"\s*(?:[-*+•–]\s|\d{1,3}[.)]\s|[a-zA-Z][.)]\s|\||#|>)")
_NEXT = re.compile(r"\s*+(\S)")  # the next character that is not a space
_LAST_TOKEN = re.compile(r"\S{1,40}\Z")  # the word just before a full stop (its last 40 characters)
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # u.s, e.g: the full stop after them ends no sentence
_ABBREVIATIONS = frozenset(
    "e.g i.e etc al cf vs approx ca no nos art arts para paras sec secs ch fig figs p pp vol ed eds "
    "mr mrs ms dr prof st jr sr gen col lt capt sgt amb rep sen gov dept univ inc ltd co corp jan feb mar "
    "apr jun jul aug sep sept oct nov dec".split()
)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text`. A sentence ends at a full stop, question or
    exclamation mark followed by a space and a capital, a digit or an opening quote (not after an
    abbreviation or an initial), at a blank line, and before a list item, table row or heading."""
    start = 0
    pos = 0
    for line in text.split("\n"):
        if (not line.strip() or _OPENS_PIECE.match(line)) and pos > start:
            yield from _split(text, start, pos - 1)
            start = pos
        pos += len(line) + 1
    yield from _split(text, start, len(text))


def _split(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences of text[start:end], a piece no list item, row or blank line divides. Each
    step looks only at the text next to a possible end, so a piece of any length takes linear time."""
    begin = start
    for found in _END.finditer(text, start, end):
        after = _NEXT.match(text, found.end(), end)
        if after is None or not (after[1].isupper() or after[1].isdigit() or after[1] in "\"'“‘([*_"):
            continue
        if found.group(0).startswith(".") and len(found.group(0).rstrip("\"'”’)]")) == 1:
            token = _LAST_TOKEN.search(text, max(begin, found.start() - 40), found.start())
            last = token.group(0).lstrip("([\"'“‘").lower() if token else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()) or _INITIALISM.fullmatch(last):
                continue  # "e.g. Article 5", "J. Smith", "the U.S. Embassy"
        if _NEXT.match(text, begin, found.end()):
            yield _trimmed(text, begin, found.end())
        begin = found.end()
    if _NEXT.match(text, begin, end):
        yield _trimmed(text, begin, end)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of an answer, table rows left out (a row is no sentence)."""
    return [(start, end) for start, end in sentences(text) if not text.startswith("|", start)]


def words(text: str) -> int:
    return len(_WORD.findall(text))


class Occurrence:
    NAME = "occurrence"
    SUMMARY = (
        "Reports answers or sentences longer or shorter than allowed: at least / at most so many words "
        "per answer, sentences per answer or words per sentence. Empty answers are left to the empty check."
    )
    PARAMS_SCHEMA = _schema(
        {
            "measure": {
                "enum": ["words-per-answer", "sentences-per-answer", "words-per-sentence"],
                "description": "What is counted, and in what: words or sentences in each answer, or words "
                "in each sentence of an answer (a list item, a table row or a heading counts as a sentence "
                "end; table rows are not sentences).",
            },
            "min": {"type": "integer", "minimum": 1, "description": "The fewest allowed; fewer is reported."},
            "max": {"type": "integer", "minimum": 1, "description": "The most allowed; more is reported."},
            **SCOPE_PARAMS,
        },
        required=["measure"],
    )
    MESSAGE_FIELDS = _PLACE_FIELDS | {"count", "limit", "bound", "unit", "text"}

    @staticmethod
    def validate(params: Mapping[str, Any]) -> list[str]:
        if "min" not in params and "max" not in params:
            return ["$.params: give `min`, `max` or both: the limit to hold answers to"]
        if "min" in params and "max" in params and params["min"] > params["max"]:
            return [f"$.params.min: {params['min']} is more than max ({params['max']}); swap them"]
        return []

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        if not applies(ctx, params):
            return
        measure = params["measure"]
        unit = "sentences" if measure == "sentences-per-answer" else "words"
        for m, q in _answers(ctx, params):
            span = m.section.body
            if m.role != "answer" or not span.text.strip():
                continue
            if measure == "words-per-sentence":
                for start, end in _sentences(span.text):
                    sentence = span.text[start:end]
                    limit = _outside(words(sentence), params)
                    if limit is not None:
                        opening = " ".join(sentence.split()[:8])
                        yield Hit(
                            span.line_at(start),
                            {**_place(m, q, 0), "unit": unit, "text": opening, **limit},
                            column=span.column_at(start, ctx.document.lines),
                            question=q,
                            label=label_of(m),
                            key=opening.lower(),
                        )
                continue
            count = words(span.text) if unit == "words" else len(_sentences(span.text))
            limit = _outside(count, params)
            if limit is not None:
                yield hit_on(m, q, None, where=_place(m, q, 0)["where"], unit=unit, text=m.section.heading, **limit)


def _outside(count: int, params: Mapping[str, Any]) -> dict[str, object] | None:
    """The message fields of a count outside the limits, or None."""
    if "max" in params and count > params["max"]:
        return {"count": count, "limit": params["max"], "bound": "at most"}
    if "min" in params and count < params["min"]:
        return {"count": count, "limit": params["min"], "bound": "at least"}
    return None


# ---------------------------------------------------------------------------------- substitution


def _normal(text: str, ignore_case: bool) -> str:
    """A phrase as `swap` is looked up by: spaces as one, either apostrophe as ', and any case."""
    text = " ".join(text.split()).replace("’", "'")
    return text.casefold() if ignore_case else text


class Substitution:
    NAME = "substitution"
    SUMMARY = (
        "Reports each place a phrase is used where another is preferred ('use X instead of Y'), naming the replacement."
    )
    PARAMS_SCHEMA = _schema(
        {
            "swap": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": r"\S"},
                "additionalProperties": {"type": "string", "minLength": 1},
                "description": "Each phrase to avoid (plain text, matched as whole words) and what to write instead.",
            },
            "ignore_case": {
                "type": "boolean",
                "default": True,
                "description": "Whether the phrases of `swap` match whatever their case.",
            },
            **WHERE_PARAMS,
            **SCOPE_PARAMS,
        },
        required=["swap"],
    )
    MESSAGE_FIELDS = _PLACE_FIELDS | {"text", "replacement"}

    @staticmethod
    def prepare(params: Mapping[str, Any], compile: Compile) -> Mapping[str, Any]:
        ignore_case = params.get("ignore_case", True)
        return {
            **params,
            "matcher": compile(phrases_source(list(params["swap"]), ignore_case)),
            "table": {_normal(k, ignore_case): v for k, v in params["swap"].items()},
        }

    @staticmethod
    def validate(params: Mapping[str, Any]) -> list[str]:
        ignore_case = params.get("ignore_case", True)
        problems = _where_problems(params)
        seen: dict[str, str] = {}
        for phrase, replacement in params["swap"].items():
            key = _normal(phrase, ignore_case)
            if key in seen:
                problems.append(f"$.params.swap.{phrase}: the same phrase as {seen[key]!r}; keep one of them")
            elif key == _normal(replacement, ignore_case):
                problems.append(f"$.params.swap.{phrase}: the replacement is the phrase itself; remove it")
            seen[key] = phrase
        return problems

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        if not applies(ctx, params):
            return
        ignore_case = params.get("ignore_case", True)
        for found, hit in _scan(ctx, params, params["matcher"]):
            replacement = params["table"].get(_normal(found.group(0), ignore_case))
            if replacement is not None:
                yield Hit(
                    hit.line,
                    {**hit.args, "replacement": replacement},
                    column=hit.column,
                    question=hit.question,
                    label=hit.label,
                    key=hit.key,
                )


GENERIC_CHECKS = (Existence(), RequiredPhrase(), Occurrence(), Substitution())
GENERIC = frozenset(check.NAME for check in GENERIC_CHECKS)
