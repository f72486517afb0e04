"""Map draft sections to questions: label, title and content scored together, then an
order-aware alignment, then a second pass for what an order-preserving alignment cannot say
(answers out of order, duplicates, merged labels)."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from checker.deadline import NO_DEADLINE, Deadline
from checker.match.similarity import (
    KeywordIndex,
    MatchIndex,
    content_shares,
    content_similarity,
    found_keywords,
    section_text,
    title_similarity,
    title_words,
)
from checker.model.document import Document, Section
from checker.model.matches import BlockMatch, Match, MatchResult, Scores
from checker.model.questions import Block, Question, QuestionSet


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A draft section as the matcher compares it: the words of its title and the keywords it uses."""

    section: Section
    context: str | None  # the canonical number of the block it sits in, once blocks are matched
    title: str  # reduced title words
    found: frozenset[str]  # the question set's keywords this section uses


# A reply has about fifty sections. Far beyond that (a pasted archive, a generated file) titles
# and content are not weighed: labels alone keep the run linear and quick.
FULL_MATCH_LIMIT = 1500


def match_sections(
    document: Document, qset: QuestionSet, match_index: MatchIndex, deadline: Deadline = NO_DEADLINE
) -> MatchResult:
    index = match_index.keywords
    sections = [
        (block, section)
        for block in document.blocks
        for section in (block.children or ((block,) if block.body.text.strip() else ()))
    ]
    full = len(sections) <= FULL_MATCH_LIMIT
    # Each section's text is searched for keywords once; a block's are its own and its items'.
    words_seen: dict[str, frozenset[str]] = {}  # word -> keywords it begins with, for this draft
    found = {
        id(s): found_keywords(index, section_text(s), words_seen) if full else frozenset()
        for block in document.blocks
        for s in (block, *block.children)
    }
    block_matches = _match_blocks(document, qset, match_index, full, found)
    context = {id(bm.section): (bm.block.number if bm.block else bm.section.number) for bm in block_matches}
    candidates = [
        _Candidate(
            section,
            context[id(block)],
            title_words(section.title, qset.title_stopwords) if full else "",
            found[id(section)],
        )
        for block, section in sections
    ]
    questions = qset.questions
    if full:
        titles = list(map(match_index.titles.row, (c.title for c in candidates)))
        scores = []
        for c, title_row in zip(candidates, titles):  # sections x questions: the deadline is asked each row
            deadline.check()
            scores.append(_combined_row(c, questions, qset, title_row, content_shares(index, c.found)))
    else:  # labels alone: only the questions a section's letters can name are worth scoring
        nothing = (Scores(), "")
        scores = [
            [
                _label_only(c, q) if q.letter in c.section.letters or c.section.level == "block" else nothing
                for q in questions
            ]
            for c in candidates
        ]
    aligned = _align(scores, questions, qset, deadline)
    matches = _second_pass(
        candidates,
        questions,
        scores,
        aligned,
        qset,
        lambda i, j: scores[i][j][1] or _explain(candidates[i], questions[j], qset, index, scores[i][j][0]),
    )
    answered = {m.question.id for m in matches if m.role == "answer" and m.question}
    answered |= {q.id for m in matches for q in m.also_answers}
    missing = tuple(q for q in questions if q.id not in answered and q.required)
    notes = (
        ()
        if full
        else (
            f"{len(sections)} sections, far more than a reply holds: matched by their labels "
            "alone, not by titles or content",
        )
    )
    return MatchResult(tuple(matches), tuple(block_matches), missing, notes)


# ---------------------------------------------------------------- scoring


def _label_score(c: _Candidate, q: Question) -> tuple[float, str]:
    s = c.section
    if s.level == "block":  # a block answered directly, without an item label
        if c.context == q.number and q.letter == "A":
            return 0.8, f"block {s.number} answered without item letters"
        return 0.0, ""
    if q.letter not in s.letters:
        return 0.0, ""
    factor = 1.0 if s.letters[0] == q.letter else 0.9
    if s.number is None:
        if c.context == q.number:
            return factor, f"label {s.label} under block {c.context}"
        return 0.0, ""
    written = f"{s.number}{q.letter}"
    if written == q.id:
        if c.context in (None, q.number):
            return factor, f"label {s.label}"
        return 0.5 * factor, f"label {s.label}, but it sits in block {c.context}"
    for alias in q.aliases:
        if alias.label == written:
            if alias.origin == "paragraph":
                return factor, f"label {s.label} ({written} is the instruction's paragraph number for {q.id})"
            return 0.8 * factor, f"label {s.label} ({written} is the {alias.cycle} number of {q.id})"
    if c.context == q.number:
        return 0.6 * factor, f"letter {q.letter} in block {c.context}"
    return 0.0, ""


def _label_only(c: _Candidate, q: Question) -> tuple[Scores, str]:
    label, how = _label_score(c, q)
    return Scores(label, 0.0, 0.0, label), how


def _title_score(c: _Candidate, q: Question, qset: QuestionSet) -> tuple[float, str]:
    if not c.title:
        return 0.0, ""
    best, name = 0.0, ""
    for candidate in (q.title, *q.synonyms):
        value = title_similarity(c.title, title_words(candidate, qset.title_stopwords))
        if value > best:
            best, name = value, candidate
    return best, name


# A Scores without the named tuple's constructor, which runs in Python: one is made for every
# section and question pair.
_scores = partial(tuple.__new__, Scores)


def _combined_row(
    c: _Candidate,
    questions: tuple[Question, ...],
    qset: QuestionSet,
    titles: tuple[float, ...],
    shares: dict[str, float],
) -> list[tuple[Scores, str]]:
    """The candidate's scores against every question: label, title and content weighed together."""
    w = qset.matching
    # A signal the draft does not give (no label, no title) is no evidence against a question:
    # weigh only the signals present.
    has_label, has_title = bool(c.section.label), bool(c.title)
    weight = (w.content + (w.label if has_label else 0) + (w.title if has_title else 0)) or 1.0
    letters, is_block = c.section.letters, c.section.level == "block"
    row = []
    for q, title in zip(questions, titles):
        label = _label_score(c, q)[0] if is_block or q.letter in letters else 0.0
        content = shares.get(q.id, 0.0)
        total = w.content * content
        if has_label:
            total += w.label * label
        if has_title:
            total += w.title * title
        row.append((_scores((label, title, content, total / weight)), ""))
    return row


def _explain(c: _Candidate, q: Question, qset: QuestionSet, index: KeywordIndex, scores: Scores) -> str:
    """How a chosen pair was matched, in words; worked out only for the pairs that are reported."""
    how = []
    label_how = _label_score(c, q)[1]
    if label_how:
        how.append(label_how)
    if scores.title >= 0.6:
        how.append(f"title matches '{_title_score(c, q, qset)[1]}' ({scores.title:.0%})")
    keywords = content_similarity(index, q, c.found)[1]
    if keywords:
        how.append(f"uses {len(keywords)} of its {len(q.keywords)} keywords ({', '.join(keywords[:4])})")
    return "; ".join(how)


# ---------------------------------------------------------------- blocks


def _match_blocks(
    document: Document, qset: QuestionSet, match_index: MatchIndex, full: bool, found_in: dict[int, frozenset[str]]
) -> list[BlockMatch]:
    index = match_index.keywords
    w = qset.matching
    drafts = document.blocks
    blocks = qset.blocks

    def score(section: Section, j: int, block: Block) -> tuple[float, str]:
        label, how = 0.0, ""
        if section.number == block.number:
            label, how = 1.0, f"number {section.number}"
        else:
            for alias in block.aliases:
                if alias.label == section.number:
                    label = 1.0 if alias.origin == "paragraph" else 0.8
                    how = (
                        f"number {section.number} (the instruction's paragraph number)"
                        if alias.origin == "paragraph"
                        else f"number {section.number} (the {alias.cycle} number of block {block.number})"
                    )
        title = titles[id(section)][j] if section.title and full else 0.0
        content = max((shares[id(section)].get(q.id, 0.0) for q in block.questions), default=0.0)
        parts = [(w.content, content)]
        if section.number:
            parts.append((w.label, label))
        if section.title:
            parts.append((w.title, title))
        total = sum(p * v for p, v in parts) / (sum(p for p, _ in parts) or 1.0)
        if title >= 0.6:
            how = "; ".join(x for x in (how, f"title matches '{block.title}'") if x)
        return total, how

    shares = {
        id(s): content_shares(index, found_in[id(s)].union(*(found_in[id(c)] for c in s.children))) for s in drafts
    }
    by_title = match_index.block_titles
    titles = {id(s): by_title.row(title_words(s.title, qset.title_stopwords)) for s in drafts if s.title and full}
    table = [[score(s, j, b) for j, b in enumerate(blocks)] for s in drafts]
    pairs = _align([[(Scores(total=t), h) for t, h in row] for row in table], [b.questions[0] for b in blocks], qset)
    by_section = dict(pairs)
    return [
        BlockMatch(
            s, blocks[by_section[i]] if i in by_section else None, table[i][by_section[i]][1] if i in by_section else ""
        )
        for i, s in enumerate(drafts)
    ]


# ---------------------------------------------------------------- alignment


def _align(
    scores: list[list[tuple[Scores, str]]],
    questions: tuple[Question, ...] | list[Question],
    qset: QuestionSet,
    deadline: Deadline = NO_DEADLINE,
) -> list[tuple[int, int]]:
    w = qset.matching
    skip_q = [w.skip_question * (1.0 if q.required else 0.25) for q in questions]
    totals = [[s.total for s, _ in row] for row in scores]
    return align(totals, skip_q, [w.skip_section] * len(scores), w.min_pair, deadline)


def align(
    totals: list[list[float]],
    skip_column: list[float],
    skip_row: list[float],
    min_pair: float,
    deadline: Deadline = NO_DEADLINE,
) -> list[tuple[int, int]]:
    """Best one-to-one, order-preserving pairing of sections (rows) with questions (columns),
    as in sequence alignment: a pair earns its score, skipping either side costs a penalty
    (`skip_row` for each section, `skip_column` for each question); pairs below `min_pair`
    are never made. The deadline is asked after each row."""
    n, m = len(totals), len(skip_column)
    # Compact rows: a huge draft makes this table sections x questions.
    best = [array("d", bytes(8 * (m + 1))) for _ in range(n + 1)]
    move = [array("b", bytes(m + 1)) for _ in range(n + 1)]  # 1 = pair, 2 = skip section, 3 = skip question
    for j in range(1, m + 1):
        best[0][j], move[0][j] = best[0][j - 1] - skip_column[j - 1], 3
    for i in range(1, n + 1):
        deadline.check()
        above, here, moves, row, skip_section = best[i - 1], best[i], move[i], totals[i - 1], skip_row[i - 1]
        here[0], moves[0] = above[0] - skip_section, 2
        for j in range(1, m + 1):
            # The best of: skip the section (2), skip the question (3), pair them (1); on a tie
            # the higher move wins, as the largest (value, move) tuple would.
            value, step = above[j] - skip_section, 2
            left = here[j - 1] - skip_column[j - 1]
            if left >= value:
                value, step = left, 3
            total = row[j - 1]
            if total >= min_pair and above[j - 1] + total > value:
                value, step = above[j - 1] + total, 1
            here[j], moves[j] = value, step
    pairs = []
    i, j = n, m
    while i > 0 or j > 0:
        step = move[i][j]
        if step == 1:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == 2:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _second_pass(
    candidates: list[_Candidate],
    questions: tuple[Question, ...],
    scores: list[list[tuple[Scores, str]]],
    aligned: list[tuple[int, int]],
    qset: QuestionSet,
    explain: Callable[[int, int], str],
) -> list[Match]:
    w = qset.matching
    by_section = dict(aligned)
    owner: dict[int, int] = {j: i for i, j in aligned}  # question -> section answering it
    matches: dict[int, Match] = {}
    position = {q.id: j for j, q in enumerate(questions)}

    for i, j in aligned:
        s, how = scores[i][j][0], explain(i, j)
        matches[i] = Match(candidates[i].section, questions[j], "answer", s, how, context=candidates[i].context)

    # Merged labels ("C & D."): the further letters are answered here too, if nothing else answers them.
    for i, j in aligned:
        c = candidates[i]
        extra = []
        for letter in c.section.letters[1:]:
            qid = f"{questions[j].number}{letter}"
            k = position.get(qid)
            if k is not None and k not in owner:
                owner[k] = i
                extra.append(questions[k])
        if extra:
            m = matches[i]
            matches[i] = replace(m, also_answers=tuple(extra))

    # Sections the alignment left out, best claims first.
    left = [i for i in range(len(candidates)) if i not in by_section]
    ranked = (
        sorted(
            ((max(range(len(questions)), key=lambda j: scores[i][j][0].total), i) for i in left),
            key=lambda t: -scores[t[1]][t[0]][0].total,
        )
        if questions
        else []
    )
    for j, i in ranked:
        s, how = scores[i][j][0], explain(i, j)
        q = questions[j]
        if s.total >= w.reassign_missing and j not in owner:
            owner[j] = i
            neighbours = _neighbours(i, matches)
            matches[i] = Match(
                candidates[i].section,
                q,
                "answer",
                s,
                f"{how}; stands {neighbours}, out of the instructions' order",
                out_of_order=True,
                context=candidates[i].context,
            )
        elif s.total >= w.reassign and j in owner and (s.label >= 1.0 or s.title >= 0.85):
            matches[i] = Match(candidates[i].section, q, "duplicate", s, how, context=candidates[i].context)
        else:
            matches[i] = Match(
                candidates[i].section,
                None,
                "unexpected",
                s,
                f"closest question {q.id} scores only {s.total:.0%}" if questions else "",
                context=candidates[i].context,
            )
    return [matches[i] for i in sorted(matches, key=lambda i: candidates[i].section.line)]


def _neighbours(i: int, matches: dict[int, Match]) -> str:
    before = max((k for k in matches if k < i and matches[k].question), default=None)
    after = min((k for k in matches if k > i and matches[k].question), default=None)
    names = []
    if before is not None:
        names.append(f"after {matches[before].question.id}")  # type: ignore[union-attr]
    if after is not None:
        names.append(f"before {matches[after].question.id}")  # type: ignore[union-attr]
    return " and ".join(names) or "alone"
