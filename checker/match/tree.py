"""Match the outline of any draft to a question set of parts at any depth (version 2 sets).

Every place in the outline that may open an answer (a heading, a bold lead, a bullet opening
with a title, a "Title:" line) is scored against every part on three signals: its number (for a
numbered set), its title (against the part's title, synonyms, variants and question) and its
content (the part's keywords). An order-aware alignment pairs them; a second alignment weighs
each pair again knowing where its parent landed, so that a place is taken within the part its
heading answers unless the evidence against that is strong. A last pass finds answers out of
order, second answers, merged answers and sections that answer nothing.

What is never an answer: the document's title, a table of contents, a heading that only wraps
matched parts, and anything inside an answer (its own subheadings, numbered lists, bold words)
unless its title plainly names another part."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

from checker.match.align import align
from checker.match.similarity import MatchIndex, content_shares, found_keywords, title_words
from checker.model.document import Document, Section
from checker.model.matches import Match, MatchResult, Role, Scores
from checker.model.questions import Question, QuestionSet
from checker.parse.sections import span_of

# A title this close to a part's own is that part, whatever its number or place says.
NEAR_EXACT = 0.9
# Inside an answer, a place counts as another part only when its title is this close to that part's.
INSIDE_ANSWER = 0.85
# A heading whose title is further than this from a part's titles is that part only by its number.
TITLE_AGAINST = 0.35
_SPLIT = re.compile(r"\s*(?:\band\b|&|,|/|\+)\s*", re.I)


@dataclass
class _Place:
    """A place of the outline that may open an answer, as the matcher sees it."""

    section: Section
    parent: int | None  # index of the enclosing place
    words: str  # reduced title words
    found: frozenset[str]  # the set's keywords its text (own and nested) uses
    own_found: frozenset[str]
    children: list[int] = field(default_factory=list)
    # Sections in it written in a form the set's parts do not take ("Critical: 24 hours." where
    # parts are headings only): its own text.
    absorbed: list[Section] = field(default_factory=list)


def match_outline(document: Document, qset: QuestionSet, index: MatchIndex) -> MatchResult:
    places = _places(document, qset, index)
    parts = qset.parts
    metadata = document.metadata
    scores = [[_score(p, part, qset, index) for part in parts] for p in places]
    skips = [_skip_part(part, qset, metadata) for part in parts]
    place_skips = [qset.matching.skip_section if p.section.form == "heading" else 0.02 for p in places]
    pairs = align([[s.total for s in row] for row in scores], skips, place_skips, qset.matching.min_pair)
    # Again, each pair weighed knowing where the place's parent landed.
    landed = dict(pairs)
    rescored = [
        [_in_context(i, j, places, parts, landed, scores[i][j]) for j in range(len(parts))] for i in range(len(places))
    ]
    pairs = align([[s.total for s in row] for row in rescored], skips, place_skips, qset.matching.min_pair)
    return _result(document, qset, places, rescored, pairs, metadata)


# ---------------------------------------------------------------- places


def _places(document: Document, qset: QuestionSet, index: MatchIndex) -> list[_Place]:
    places: list[_Place] = []
    contents = set(document.contents)
    words_seen: dict[str, frozenset[str]] = {}

    def visit(sections: tuple[Section, ...], parent: int | None) -> list[int]:
        mine: list[int] = []
        for section in sections:
            if section.line - 1 in contents:
                continue  # a table of contents' own heading
            if section.form not in qset.forms or (
                parent is None
                and section.title == document.title
                and section.form == "heading"
                and not mine
                and not places
                and not _names_a_part(section.title, qset, index)
            ):
                # not a form this set's parts take, or the document's title: its contents are still read
                if section.form not in qset.forms and parent is not None:
                    places[parent].absorbed.append(section)
                    text = f"{section.title}\n{section.body.text}".lower()
                    places[parent].own_found |= found_keywords(index.keywords, text, words_seen)
                mine += visit(section.children, parent)
                continue
            place = _Place(
                section,
                parent,
                title_words(section.title, qset.title_stopwords),
                frozenset(),
                found_keywords(index.keywords, f"{section.title}\n{section.body.text}".lower(), words_seen),
            )
            places.append(place)
            at = len(places) - 1
            mine.append(at)
            place.children = visit(section.children, at)
            place.found = place.own_found.union(*(places[c].found for c in place.children))
        return mine

    visit(document.outline, None)
    return places


def _names_a_part(title: str, qset: QuestionSet, index: MatchIndex) -> bool:
    """Whether a heading's title is a part's own (so a lone top heading is that part, not the
    document's title)."""
    words = title_words(title, qset.title_stopwords)
    return bool(words) and any(index.part_title(words, part) >= NEAR_EXACT for part in qset.parts)


# ---------------------------------------------------------------- scores


def _score(place: _Place, part: Question, qset: QuestionSet, index: MatchIndex) -> Scores:
    section = place.section
    w = qset.matching
    label = _label(section, part) if qset.style == "numbered" and section.number else 0.0
    title = index.part_title(place.words, part) if place.words else 0.0
    if part.group:
        shares = [content_shares(index.keywords, place.found).get(child.id, 0.0) for child in _children(qset, part)]
        content = max(shares, default=0.0)
    else:
        content = content_shares(index.keywords, place.found).get(part.id, 0.0)
    has_label = bool(section.number) and qset.style == "numbered"
    weight = w.content + (w.label if has_label else 0) + (w.title if place.words else 0)
    total = (w.content * content + (w.label * label if has_label else 0) + (w.title * title if place.words else 0)) / (
        weight or 1.0
    )
    if title >= NEAR_EXACT:
        total = max(total, 0.8 + 0.2 * title)  # an exact or near-exact title wins
    elif label >= 1.0 and (title >= 0.5 or not place.words):
        total = max(total, 0.75)  # its own number, and a title that does not say otherwise
    if section.form != "heading" and title < 0.6 and label < 1.0:
        total = 0.0  # a bold word or a bullet in the middle of an answer is not a part
    elif place.words and title < TITLE_AGAINST and label < 1.0:
        # A heading whose title names something else is not taken for a part on its content alone:
        # "Meeting notes" that happen to use a part's words answer nothing.
        total = min(total, w.min_pair * 0.8)
    return Scores(label, title, content, total)


def _label(section: Section, part: Question) -> float:
    written = (section.number or "").rstrip(".")
    if not part.number:
        return 0.0
    if written == part.number:
        return 1.0
    if part.number in section.letters[1:]:
        return 0.9  # a merged label: "2.2.5 and 2.2.6"
    if any(a.label == written for a in part.aliases):
        return 0.8
    return 0.0


def _children(qset: QuestionSet, part: Question) -> tuple[Question, ...]:
    out = []
    for child in qset.children(part.id):
        out += [child] if not child.group else list(_children(qset, child))
    return tuple(out)


def _skip_part(part: Question, qset: QuestionSet, metadata: Mapping[str, Any]) -> float:
    if part.group:
        return 0.05
    return qset.matching.skip_question * (1.0 if part.required_for(metadata) else 0.25)


def _ancestors(qset: QuestionSet, part: Question) -> Iterator[str]:
    parent = part.parent
    by_id = {p.id: p for p in qset.parts}
    while parent is not None:
        yield parent
        parent = by_id[parent].parent


def _in_context(
    i: int, j: int, places: list[_Place], parts: tuple[Question, ...], landed: dict[int, int], scores: Scores
) -> Scores:
    """The pair's score once the place's enclosing places have landed: within a part that is not
    one of this part's own ancestors, a pair needs a near-exact title to keep its weight."""
    parent = places[i].parent
    while parent is not None and parent not in landed:
        parent = places[parent].parent
    if parent is None or scores.title >= NEAR_EXACT:
        return scores
    enclosing = parts[landed[parent]]
    part = parts[j]
    by_id = {p.id: p for p in parts}
    chain = []
    up = part.parent
    while up is not None:
        chain.append(up)
        up = by_id[up].parent
    if enclosing.id in chain:
        return scores
    if not enclosing.group:
        return scores._replace(total=0.0)  # inside another part's answer: its text, not a part
    return scores._replace(total=scores.total * 0.6)


# ---------------------------------------------------------------- the result


def _result(
    document: Document,
    qset: QuestionSet,
    places: list[_Place],
    scores: list[list[Scores]],
    pairs: list[tuple[int, int]],
    metadata: Mapping[str, Any],
) -> MatchResult:
    parts = qset.parts
    w = qset.matching
    owner = {j: i for i, j in pairs}
    roles: dict[int, tuple[int | None, str, bool]] = {i: (j, "answer", False) for i, j in pairs}
    also: dict[int, list[int]] = {}

    # An exact title wins over the order: a place whose title is a part's own takes that part
    # from a place that only came to it by the alignment (which then tries its luck below).
    claims = sorted(
        (
            (scores[i][j].title, i, j)
            for i in range(len(places))
            for j in range(len(parts))
            if scores[i][j].title >= NEAR_EXACT and not parts[j].group and places[i].section.form == "heading"
        ),
        reverse=True,
    )
    for title, i, j in claims:
        held = owner.get(j)
        if held == i or i in roles and scores[i][roles[i][0]].title >= title:  # type: ignore[index]
            continue
        if held is not None and scores[held][j].title >= NEAR_EXACT:
            continue  # two places with the part's own title: the second is a duplicate, below
        if held is not None:
            del roles[held]
        if i in roles:
            del owner[roles[i][0]]  # type: ignore[arg-type]
        owner[j] = i
        roles[i] = (j, "answer", False)

    # Merged answers: a label naming several numbers, or a title joining several parts' titles.
    for i, j in ((i, r[0]) for i, r in list(roles.items()) if r[0] is not None):
        for k in _merged_with(places[i], j, parts, qset):
            if k not in owner:
                owner[k] = i
                also.setdefault(i, []).append(k)

    def inside_answer(i: int) -> bool:
        parent = places[i].parent
        while parent is not None:
            if parent in roles and roles[parent][0] is not None and not parts[roles[parent][0]].group:  # type: ignore[index]
                return True
            parent = places[parent].parent
        return False

    left = [i for i in range(len(places)) if i not in roles]
    ranked = (
        sorted(
            ((max(range(len(parts)), key=lambda j: scores[i][j].total), i) for i in left),
            key=lambda t: -scores[t[1]][t[0]].total,
        )
        if parts
        else []
    )
    for j, i in ranked:
        s = scores[i][j]
        nested = inside_answer(i)
        if nested and s.title < INSIDE_ANSWER:
            continue  # the answer's own text: a subheading, a list, a bold word
        parent = places[i].parent
        if parent is not None and places[i].section.form != "heading" and roles.get(parent, (None,))[0] == j:
            continue  # "Subprocessors: AWS..." opening the answer its heading gives: the answer's own words
        if s.total >= w.reassign_missing and j not in owner and not parts[j].group:
            owner[j] = i
            roles[i] = (j, "answer", True)
        elif (
            s.total >= w.reassign and j in owner and (s.label >= 1.0 or s.title >= INSIDE_ANSWER) and not parts[j].group
        ):
            roles[i] = (j, "duplicate", False)
        elif places[i].section.form == "heading" and not nested:
            roles[i] = (None, "unexpected", False)

    _mark_out_of_order(roles, places)

    # A heading that answers nothing but holds matched places only wraps them; so does the
    # text before the first part (an introduction under the document's title).
    for i in list(roles):
        if roles[i][1] == "unexpected" and _wraps(i, places, roles):
            del roles[i]

    matches = []
    for i in sorted(roles, key=lambda i: places[i].section.line):
        at, role, out_of_order = roles[i]
        section = _answer_section(i, places, roles, document.lines)
        question = parts[at] if at is not None else None
        s = scores[i][at] if at is not None else Scores()
        how = (
            _explain(places[i], question, s, qset)
            if question is not None
            else (
                f"closest part {parts[max(range(len(parts)), key=lambda k: scores[i][k].total)].id} scores only "
                f"{max(x.total for x in scores[i]):.0%}"
                if parts
                else ""
            )
        )
        if out_of_order:
            how += f"; stands {_neighbours(i, roles, places, parts, qset.style)}, out of the instructions' order"
        matches.append(
            Match(
                section,
                question,
                cast(Role, role),
                s,
                how,
                out_of_order=out_of_order,
                also_answers=tuple(parts[k] for k in also.get(i, ())),
                context=question.parent if question is not None else None,
            )
        )
    answered = {m.question.id for m in matches if m.role == "answer" and m.question}
    answered |= {q.id for m in matches for q in m.also_answers}
    missing = tuple(q for q in qset.questions if q.id not in answered and q.required_for(metadata))
    return MatchResult(
        tuple(m for m in matches if m.question is None or not m.question.group or m.role != "answer"), (), missing
    )


def _mark_out_of_order(roles: dict[int, tuple[int | None, str, bool]], places: list[_Place]) -> None:
    """Answers away from their place: those outside the longest run of answers standing in the
    instructions' order (the fewest moves that put the draft in order)."""
    answers = sorted(
        (i for i, (j, role, _) in roles.items() if j is not None and role == "answer"),
        key=lambda i: places[i].section.line,
    )
    order = [roles[i][0] for i in answers]
    keep = set(_longest_increasing(order))  # type: ignore[arg-type]
    moved = {i for k, i in enumerate(answers) if k not in keep}
    for i in answers:
        j, role, _ = roles[i]
        # A part that moved inside a moved parent (Consequences under its Decision) moved with it.
        roles[i] = (j, role, i in moved and not _inside_moved(i, places, moved))


def _inside_moved(i: int, places: list[_Place], moved: set[int]) -> bool:
    parent = places[i].parent
    while parent is not None:
        if parent in moved:
            return True
        parent = places[parent].parent
    return False


def _longest_increasing(values: list[int]) -> list[int]:
    """Positions of a longest strictly increasing subsequence of `values` (patience sorting)."""
    tails: list[int] = []  # position of the smallest tail of each length
    before: list[int | None] = []
    for k, v in enumerate(values):
        at = bisect_left([values[t] for t in tails], v)
        before.append(tails[at - 1] if at else None)
        if at == len(tails):
            tails.append(k)
        else:
            tails[at] = k
    out: list[int] = []
    k2: int | None = tails[-1] if tails else None
    while k2 is not None:
        out.append(k2)
        k2 = before[k2]
    return out[::-1]


def _merged_with(place: _Place, j: int, parts: tuple[Question, ...], qset: QuestionSet) -> list[int]:
    section = place.section
    numbers = [n.rstrip(".") for n in section.letters]
    if len(numbers) >= 2:
        return [k for k, p in enumerate(parts) if p.number and p.number in numbers and k != j]
    if qset.style != "titled" and not place.words:
        return []
    if _normal(section.title) in {_normal(t) for t in (parts[j].title, *parts[j].synonyms)}:
        return []  # "Rationale and alternatives" is one part's own title
    pieces = [p for p in _SPLIT.split(section.title) if p]
    if len(pieces) < 2:
        return []
    found = []
    for piece in pieces:
        key = _normal(piece)
        for k, part in enumerate(parts):
            names = {_normal(t) for t in (part.title, *part.synonyms, *part.variants)}
            if k != j and key in names:
                found.append(k)
                break
    return found


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _wraps(i: int, places: list[_Place], roles: dict[int, tuple[int | None, str, bool]]) -> bool:
    stack = list(places[i].children)
    while stack:
        k = stack.pop()
        if k in roles and roles[k][0] is not None:
            return True
        stack += places[k].children
    return False


def _answer_section(
    i: int, places: list[_Place], roles: dict[int, tuple[int | None, str, bool]], lines: Sequence[str]
) -> Section:
    """The place's section with the answer's whole text: its own, and that of every place nested in
    it that is not itself a part (its subheadings, bold words and lists), each as written."""
    content: list[tuple[int, str]] = []

    def add(section: Section, nested: bool = True) -> None:
        span = section.body
        content.extend(
            (line - 1, span.text[start:end])
            for line, start, end in zip(span.lines, span.starts, [*span.starts[1:], len(span.text) + 1])
            # a nested lead's own line is taken whole, by opening()
            if not nested or section.form == "heading" or line != section.line
        )

    def opening(section: Section) -> None:
        """A nested place's first line, as the draft writes it ("Recovery objectives: RTO 4 hours")."""
        at = section.line - 1
        raw = lines[at].strip() if section.form != "heading" and 0 <= at < len(lines) else section.heading
        content.append((at, raw))

    def collect(k: int, nested: bool = True) -> None:
        add(places[k].section, nested)
        for section in places[k].absorbed:
            opening(section)
            add(section)
        for child in places[k].children:
            if child not in roles or roles[child][0] is None and roles[child][1] != "unexpected":
                # Not a part: a subheading, a bold word, a "Note:" line of this answer, all its text.
                opening(places[child].section)
                collect(child)

    collect(i, nested=False)
    content = sorted(((line, text.rstrip("\n")) for line, text in content if text.strip()), key=lambda c: c[0])
    section = places[i].section
    return replace(section, body=span_of(content), children=())


def _title_named(written: str, part: Question) -> str:
    """Which of a part's names a heading's title matches: its title, a synonym or a variant."""
    plain = " ".join(written.casefold().split())
    for kind, names in (("its synonym", part.synonyms), ("its variant", part.variants)):
        for name in names:
            if " ".join(name.casefold().split()) == plain:
                return f"{kind} '{name}' of '{part.title}'"
    return f"'{part.title}'"


def _explain(place: _Place, part: Question, s: Scores, qset: QuestionSet) -> str:
    how = []
    if s.label >= 1.0:
        how.append(f"number {place.section.number}")
    elif s.label > 0:
        how.append(f"number {place.section.number} ({part.number} in an older numbering)")
    if s.title >= 0.6:
        how.append(f"title matches {_title_named(place.section.title, part)} ({s.title:.0%})")
    if s.content > 0:
        how.append(f"content ({s.content:.0%} of its keywords)")
    return "; ".join(how) or "its place in the order"


def _neighbours(
    i: int,
    roles: dict[int, tuple[int | None, str, bool]],
    places: list[_Place],
    parts: tuple[Question, ...],
    style: str,
) -> str:
    """Where a moved answer stands, by the answers around it: their numbers in a numbered set,
    their headings' titles in a titled one."""

    def name(k: int) -> str:
        part = parts[roles[k][0]]  # type: ignore[index]
        return part.id if style == "numbered" else f"'{part.title}'"

    answered = sorted(
        (k for k, (j, role, _) in roles.items() if j is not None and role == "answer" and k != i),
        key=lambda k: places[k].section.line,
    )
    before = [k for k in answered if places[k].section.line < places[i].section.line]
    after = [k for k in answered if places[k].section.line > places[i].section.line]
    names = []
    if before:
        names.append(f"after {name(before[-1])}")
    if after:
        names.append(f"before {name(after[0])}")
    return " and ".join(names) or "alone"
