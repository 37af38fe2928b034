"""What changed in an incident, for alerts: a new incident, a figure that moved, a dispute opened, corroboration.

An incident's `Facts` are computed from its stored claims (never from `Incident.status`, which ingest refreshes in
a later transaction). Two Facts — before and after an ingest — give the `Change`s, each with a key that names it
("new", "killed:27", "dispute:killed", "corroborated"): the key is what the (watch, incident, change) claim is
unique on, so the same change found twice, by two processes or after a restart, is one alert. Every figure and
every holder in a change's text comes from a stored claim.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from briefings.history import FIELDS, history
from briefings.reconcile import ClaimView, FieldSummary, reconcile

TRIGGERS = ("new", "figure", "dispute", "corroborated")
FIELD_LABEL = {"killed": "Killed", "wounded": "Wounded", "weapon": "Weapon", "perpetrator": "Blame",
               "distance_km": "Distance", "occurred": "Whether it happened", "note": "Account", "target": "Target"}
MAX_DETAIL = 300  # characters of one change line: alerts are short; the briefing is one click away


@dataclass(frozen=True)
class Facts:
    """What alerts compare: the distinct asserted figures, the highest of each, disputed fields, sources."""

    reports: int  # independent reports (republications not counted)
    outlets: frozenset[str]
    figures: Mapping[str, frozenset[float]]
    high: Mapping[str, float]
    disputed: frozenset[str]
    status: str
    claims: tuple[ClaimView, ...] = field(default=(), compare=False, repr=False)
    summaries: tuple[FieldSummary, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def of(cls, claims: Iterable[ClaimView], outlets: set[str], reports: int) -> Facts:
        claims = tuple(claims)
        rec = reconcile(list(claims), outlets)
        figures: dict[str, set[float]] = {}
        for c in claims:
            if c.field in FIELDS and c.stance == "asserts" and c.value_num is not None:
                figures.setdefault(c.field, set()).add(c.value_num)
        return cls(reports, frozenset(outlets), {k: frozenset(v) for k, v in figures.items()},
                   {k: max(v) for k, v in figures.items()}, frozenset(d.field for d in rec.disputes), rec.status,
                   claims, rec.disputes)


EMPTY = Facts(0, frozenset(), {}, {}, frozenset(), "single-source")


@dataclass(frozen=True)
class Change:
    kind: str  # new | figure | dispute | corroborated
    key: str
    detail: str


def _number(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1].rstrip() + "…"


def _when(published: Mapping[int, datetime | None], article_id: int) -> str:
    """', 2026-12-03 14:05 UTC' (the report's publication; the date alone when only a date was given)."""
    at = published.get(article_id)
    if at is None:
        return ""
    return f", {at:%Y-%m-%d}" if (at.hour, at.minute, at.second) == (0, 0, 0) else f", {at:%Y-%m-%d %H:%M} UTC"


def _figures_line(after: Facts) -> str:
    """'killed 2 per the governor quoted by Kyiv Wire; wounded 5 per …' (each value with its first holder)."""
    parts = []
    for h in history(after.claims):
        shown = " / ".join(f"{s.text} per {s.holder}" for s in h.steps[:3])
        parts.append(f"{h.label} {shown}")
    return "; ".join(parts)


def _dispute_line(summary: FieldSummary) -> str:
    sides = []
    for g in summary.groups[:4]:
        holders = ", ".join(g.holders[:2]) + (" and others" if len(g.holders) > 2 else "")
        verb = "denied by" if g.stance == "denies" else "per"
        sides.append(f"{g.value} {verb} {holders}")
    return f"Disputed — {FIELD_LABEL.get(summary.field, summary.field)}: " + "; ".join(sides)


def changes(before: Facts, after: Facts, published: Mapping[int, datetime | None] | None = None) -> list[Change]:
    """The changes from `before` to `after` (before = EMPTY for an incident no earlier report described)."""
    published = published or {}
    out: list[Change] = []
    if before.reports == 0:
        figures = _figures_line(after)
        out.append(Change("new", "new", _clip("New incident" + (f": {figures}" if figures else "") +
                                              f" ({after.reports} report(s), {after.status})")))
    else:
        for h in history(after.claims):
            old = before.figures.get(h.field, frozenset())
            fresh = [s for s in h.steps if s.value not in old]
            if not fresh:
                continue
            step = max(fresh, key=lambda s: s.value)
            was = " / ".join(_number(v) for v in sorted(old)[:4]) if old else "not reported"
            label = FIELD_LABEL[h.field] + (f" ({h.victims})" if h.victims else "")
            out.append(Change("figure", f"{h.field}:{_number(step.value)}", _clip(
                f"{label}: {was} → {step.text}, per {step.holder}{_when(published, step.claim.article_id)}")))
    for summary in after.summaries:
        if summary.field not in before.disputed:
            out.append(Change("dispute", f"dispute:{summary.field}", _clip(_dispute_line(summary))))
    if len(before.outlets) < 2 <= len(after.outlets):
        names = sorted(after.outlets)
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        out.append(Change("corroborated", "corroborated", _clip(f"Corroborated: now reported by {shown}")))
    return out


@dataclass(frozen=True)
class WatchFilter:
    """Optional conditions on top of the area. Actor names include the aliases known when the watch was made."""

    actor: str | None = None
    actor_names: tuple[str, ...] = ()
    keyword: str | None = None
    min_killed: int | None = None
    min_wounded: int | None = None
    contested: bool = False

    @classmethod
    def of(cls, text: str | Mapping[str, Any] | None) -> WatchFilter:
        data: Mapping[str, Any] = json.loads(text or "{}") if isinstance(text, str) or text is None else text
        return cls(data.get("actor"), tuple(data.get("actor_names") or ()), data.get("keyword"),
                   data.get("min_killed"), data.get("min_wounded"), bool(data.get("contested")))

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v}, sort_keys=True)

    def describe(self) -> str:
        parts = []
        if self.actor:
            parts.append(f"actor {self.actor}")
        if self.keyword:
            parts.append(f"about “{self.keyword}”")
        if self.min_killed:
            parts.append(f"{self.min_killed}+ killed")
        if self.min_wounded:
            parts.append(f"{self.min_wounded}+ wounded")
        if self.contested:
            parts.append("contested only")
        return ", ".join(parts)

    def accepts(self, facts: Facts, title: str, event_types: str) -> bool:
        if self.contested and not facts.disputed:
            return False
        if self.min_killed and facts.high.get("killed", 0) < self.min_killed:
            return False
        if self.min_wounded and facts.high.get("wounded", 0) < self.min_wounded:
            return False
        if self.keyword:
            word = self.keyword.lower()
            if word not in title.lower() and word not in event_types.lower() and not any(
                    word in c.quote.lower() for c in facts.claims):
                return False
        if self.actor:
            names = [n.lower() for n in (self.actor_names or (self.actor,))]
            said = [(c.value or "").lower() for c in facts.claims] + [c.attributed_to.lower() for c in facts.claims]
            if not any(n in s for n in names for s in said):
                return False
        return True
