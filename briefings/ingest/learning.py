"""Places learned while extracting in worker processes, kept as if one process had read every report in order.

A report can teach a place ("the village of Hroza in Kharkiv region") that later reports name without a cue, and a
later spelling joins an earlier one (`LearnedPlaces.same_as`). In one process each report sees what the reports
before it taught. Worker processes each read a part of a batch, so the writer keeps the one registry that counts:

- every change to it is journalled as the registry's own operations (the spelling that `same_as` was asked about,
  then each `add`), and each worker replays the journal since it last heard, so it starts a chunk where the writer
  stood when the batch was sent;
- a worker reads its chunk in order on a scratch copy (what it learns there is its own until the writer has it)
  and returns, per report, the operations it made;
- the writer takes the reports in order: a report on which nothing learned elsewhere could have acted (no name of
  it in the text, no place of the same country and kind for `same_as` to prefer) gets its operations replayed;
  any other is extracted again here, with the registry as a single process would have had it.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefings.knowledge.learned import Learned, LearnedPlaces
from briefings.knowledge.text import Words, key_of

Op = Learned | None  # a spelling `same_as` was asked about, or None: `add` of the oldest answer not yet added


class Journal(LearnedPlaces):
    """A registry that records its operations (while `recording`), and in `scratch` mode keeps a copy of itself
    from before its first change, to go back to (`end_scratch`)."""

    def __init__(self) -> None:
        super().__init__()
        self.ops: list[Op] = []
        self.trimmed = 0  # operations dropped from the front of `ops` (every worker has them)
        self.recording = False
        self._scratch = False
        self._saved: LearnedPlaces | None = None

    @property
    def version(self) -> int:
        return self.trimmed + len(self.ops)

    def since(self, version: int) -> list[Op]:
        return self.ops[version - self.trimmed:]

    def trim(self, version: int) -> None:
        """Forget operations before `version` (every worker has replayed them): the journal stays small."""
        drop = version - self.trimmed
        if drop > 0:
            del self.ops[:drop]
            self.trimmed = version

    def same_as(self, learned: Learned) -> Learned:
        self._change()
        if self.recording:
            self.ops.append(learned)
        return super().same_as(learned)

    def add(self, learned: Learned) -> None:
        self._change()
        if self.recording:
            self.ops.append(None)
        super().add(learned)

    def copy(self) -> Journal:
        new = super().copy()
        assert isinstance(new, Journal)
        new.ops, new.trimmed, new._saved = [], 0, None
        return new

    def begin_scratch(self) -> None:
        self._scratch, self._saved, self.recording = True, None, True
        self.ops, self.trimmed = [], 0

    def end_scratch(self) -> None:
        """Back to the state before `begin_scratch` (copied only if anything changed since)."""
        if self._saved is not None:
            saved = self._saved.__dict__
            for name in ("_by_first", "_by_id", "_by_country"):
                setattr(self, name, saved[name])
        self._scratch, self._saved, self.recording = False, None, False
        self.ops, self.trimmed = [], 0

    def _change(self) -> None:
        if self._scratch and self._saved is None:
            self._saved = LearnedPlaces.copy(self)


def replay(registry: LearnedPlaces, ops: Iterable[Op]) -> None:
    """Apply journalled operations: each spelling through `same_as`, each add of the answer, as `Gazetteer.learn`
    did them (all of a sentence's `same_as`, then its adds)."""
    answers: deque[Learned] = deque()
    for op in ops:
        if op is None:
            registry.add(answers.popleft())
        else:
            answers.append(registry.same_as(op))


@dataclass
class Unseen:
    """What a worker did not have when it read a report: the names (first word keys) and the (country, kind) of
    places learned elsewhere. A report that holds none of those words and teaches no place of those kinds reads the
    same either way."""

    first_words: set[str] = field(default_factory=set)
    kinds: set[tuple[str, str]] = field(default_factory=set)

    def note(self, ops: Iterable[Op]) -> None:
        for op in ops:
            if op is not None:
                self.kinds.add((op.place.country, op.place.kind))
                for name in op.names:
                    if key := key_of(name):
                        self.first_words.add(key[0])

    def may_change(self, text: str, title: str | None, ops: list[Op]) -> bool:
        if any(op is not None and (op.place.country, op.place.kind) in self.kinds for op in ops):
            return True  # same_as might have joined a spelling learned elsewhere
        if not self.first_words:
            return False
        words = set(Words(f"{title or ''}\n{text}").keys)
        return not self.first_words.isdisjoint(words)
