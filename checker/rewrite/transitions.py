"""How one cycle's question set maps onto the next (from the older set's `successor` ids):
renumbered, added, retired and retitled items, and the blocks' new numbers."""

from __future__ import annotations

from dataclasses import dataclass

from checker.errors import ConfigError
from checker.model.questions import Question, QuestionSet


@dataclass(frozen=True, slots=True)
class Transition:
    """How one cycle's question set maps onto the next: item and block renumbering."""

    old: QuestionSet
    new: QuestionSet
    items: dict[str, str]  # old id -> new id
    blocks: dict[str, str]  # old block number -> new block number

    @property
    def renumbered(self) -> list[tuple[Question, Question]]:
        return [(self.old.question(o), self.new.question(n)) for o, n in self.items.items() if o != n]  # type: ignore[misc]

    @property
    def added(self) -> list[Question]:
        mapped = set(self.items.values())
        return [q for q in self.new.questions if q.id not in mapped]

    @property
    def retired(self) -> list[Question]:
        return [q for q in self.old.questions if q.id not in self.items]

    @property
    def retitled(self) -> list[tuple[Question, Question]]:
        pairs = [(self.old.question(o), self.new.question(n)) for o, n in self.items.items()]
        return [(a, b) for a, b in pairs if a and b and a.title.casefold() != b.title.casefold()]


def transition(old: QuestionSet, new: QuestionSet) -> Transition:
    """The mapping from `old` to `new`, read from whichever set names the other's ids."""
    items = {q.id: q.successor for q in old.questions if q.successor and new.question(q.successor)}
    blocks = {b.number: b.successor for b in old.blocks if b.successor and new.block(b.successor)}
    if not items:
        # The newer set may name its predecessors instead: read the mapping backwards.
        items = {q.successor: q.id for q in new.questions if q.successor and old.question(q.successor)}
        blocks = {b.successor: b.number for b in new.blocks if b.successor and old.block(b.successor)}
    if not items:
        raise ConfigError(
            f"{old.id} and {new.id}: neither set maps its items onto the other's (`successor`); "
            "add `successor:` ids to the older set"
        )
    return Transition(old, new, items, blocks)
