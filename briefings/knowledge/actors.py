"""The actor alias table: who is who (PMF = Hashd al-Shaabi = "Popular Crowd"; Centcom -> United States).

Claims are attributed and compared per actor, so every spelling of one actor must fold to one id;
and "Hezbollah" must not swallow "Kataib Hezbollah" (longest match wins).
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

from briefings.extract.types import Actor, ActorMention
from briefings.knowledge.text import Alias, AliasIndex, key_of, longest_first, merge_records, read_table

KINDS = frozenset({"state", "armed_group", "government", "media", "military", "organisation"})
_PACKAGE_FILE = "data/actors.json"


class Actors:
    """Actors by id, mentions in sentences, canonical actor of a phrase, roll-up to the top parent."""

    def __init__(self, tables: list[dict[str, Any]]) -> None:
        records, alias_layer = merge_records([t["actors"] for t in tables], ("name", "kind"), "actors")
        for rid, rec in records.items():
            if rec["kind"] not in KINDS:
                raise ValueError(f"actors: {rid!r} has unknown kind {rec['kind']!r}")
            if rec.get("parent") and rec["parent"] not in records:
                raise ValueError(f"actors: {rid!r} has unknown parent {rec['parent']!r}")
        self._actors: dict[str, Actor] = {
            rid: Actor(id=rid, name=rec["name"], kind=rec["kind"], country=rec.get("country"),
                       aliases=tuple(rec["aliases"]), parent=rec.get("parent"))
            for rid, rec in records.items()
        }
        aliases: list[Alias] = []
        for rid, rec in records.items():
            cased = {key_of(a) for a in rec.get("cased", ())}
            metonyms = {key_of(a) for a in rec.get("metonyms", ())}
            for name in [rec["name"], *rec["aliases"]]:
                key = key_of(name)
                aliases.append(Alias(rid, name, cased=key in cased, not_after_locative=key in metonyms,
                                     priority=(alias_layer.get((rid, name), 0), 0)))
        self._index = AliasIndex(aliases)

    @classmethod
    def default(cls, extra: Iterable[Path] = ()) -> Actors:
        """The packaged table plus user files (same JSON schema, or TOML [[actor]] tables)."""
        tables = [read_table(resources.files("briefings").joinpath(_PACKAGE_FILE), "actors", "actor")]
        tables += [read_table(p, "actors", "actor") for p in extra]
        return cls(tables)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __len__(self) -> int:
        return len(self._actors)

    def get(self, actor_id: str) -> Actor | None:
        return self._actors.get(actor_id)

    def find(self, text: str, offset: int = 0) -> list[ActorMention]:
        """Actor mentions in one sentence: longest match wins, no overlaps; spans plus `offset`."""
        return [
            ActorMention(self._actors[m.alias.target], text[m.start : m.end], offset + m.start, offset + m.end)
            for m in longest_first(self._index.scan(text))
            if m.alias.target is not None
        ]

    def canonical(self, phrase: str) -> Actor | None:
        """The actor a short phrase names: "US forces", "the Popular Crowd", "Kataib Hezbollah militia
        group". The longest alias contained in the phrase decides; case is not required here."""
        if phrase in self._actors:
            return self._actors[phrase]
        matches = longest_first(self._index.scan(phrase, strict=False))
        best = max(matches, key=lambda m: (m.end - m.start, -m.start), default=None)
        if best is None or best.alias.target is None:
            return None
        return self._actors[best.alias.target]

    def rollup(self, actor: Actor) -> Actor:
        """The top of the parent chain: Centcom -> United States, Quds Force -> Iran."""
        seen = {actor.id}
        while actor.parent and actor.parent in self._actors and actor.parent not in seen:
            actor = self._actors[actor.parent]
            seen.add(actor.id)
        return actor
