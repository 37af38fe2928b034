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
  it that `find` could read in the text, no place `same_as` could take one it teaches for) gets its operations
  replayed; any other is extracted again here, with the registry as a single process would have had it.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefings.extract.types import Place
from briefings.knowledge.learned import Learned, LearnedPlaces, spelled_alike
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
    """What a worker did not have when it read a report: the names and places learned elsewhere. A report reads the
    same either way unless `find` could read one of those names in it (the name's words in a row, the first one
    capitalised) or `same_as` could take a place it teaches for one of those places (`spelled_alike`)."""

    names: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)  # first word key -> the names' keys
    places: list[Place] = field(default_factory=list)

    def note(self, ops: Iterable[Op]) -> None:
        for op in ops:
            if op is not None:
                self.places.append(op.place)
                for name in op.names:
                    if key := key_of(name):
                        self.names.setdefault(key[0], set()).add(key)

    def may_change(self, text: str, title: str | None, ops: list[Op]) -> bool:
        if any(op is not None and spelled_alike(old, op.place) for op in ops for old in self.places):
            return True  # same_as would have joined a spelling learned elsewhere
        if not self.names:
            return False
        words = Words(f"{title or ''}\n{text}")  # the sentences' words: each sentence is a span of the text
        if self.names.keys().isdisjoint(words.keys):
            return False
        return any(words.raws[i][:1].isupper() and tuple(words.keys[i:i + len(key)]) == key
                   for i, first in enumerate(words.keys) for key in self.names.get(first, ()))
