"""Figure history: how a casualty figure moved as later reports came in ("killed 1 → 2").

Claims are never overwritten (ACLED overwrites; we keep every report), so the history of a field is read
straight from the stored claims: the ordered sequence of its distinct values, each with the first report
that gave it (time and holder). Figures about different victim groups are kept apart, as reconcile does.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefings.briefing import Citation, Item
from briefings.extract.lang.detect import foreign_language_name
from briefings.reconcile import ClaimView, _pools

FIELDS = ("killed", "wounded")  # the figures whose changes readers follow
LABEL = {"killed": "killed", "wounded": "wounded"}


@dataclass(frozen=True)
class Step:
    """One distinct value of a figure, as first given by `claim`."""

    value: float
    qualifier: str | None
    claim: ClaimView

    @property
    def text(self) -> str:
        number = str(int(self.value)) if float(self.value).is_integer() else f"{self.value:g}"
        return f"{self.qualifier} {number}" if self.qualifier and self.qualifier != "preliminary" else number

    @property
    def holder(self) -> str:
        c = self.claim
        return c.outlet if c.attributed_to == "outlet" else f"{c.holder} quoted by {c.outlet}"


@dataclass(frozen=True)
class FigureHistory:
    """The distinct values of one figure in order of first report; values first given by the same report
    (disputing holders quoted side by side) form one step, so "1 / 0 → 2" never reads as 1 became 0."""

    field: str
    victims: str | None  # set when several victim groups are reported separately
    steps: tuple[Step, ...]
    claims: tuple[ClaimView, ...] = ()  # every claim behind the figure (the steps are the first of each value)

    @property
    def reports(self) -> tuple[tuple[Step, ...], ...]:
        """Steps grouped by the report that first gave them, oldest report first."""
        groups: dict[int, list[Step]] = {}
        for step in self.steps:
            groups.setdefault(step.claim.article_id, []).append(step)
        return tuple(tuple(g) for g in groups.values())

    @property
    def changed(self) -> bool:
        return len(self.reports) > 1

    @property
    def label(self) -> str:
        name = LABEL.get(self.field, self.field)
        return f"{name} ({self.victims})" if self.victims else name

    def arrow(self) -> str:
        """'1 / 0 → at least 2': each report's new values, oldest first."""
        return " → ".join(" / ".join(s.text for s in group) for group in self.reports)

    def item(self, prefix: str = "") -> Item:
        """An item for a briefing: the change on the label; who gave each value, and when, in the text."""
        groups = [", ".join(f"{s.text} per {s.holder}" + (f" ({s.claim.published})" if s.claim.published else "")
                            for s in group) for group in self.reports]
        return Item(text="; then ".join(groups), label=f"{prefix}{self.label} {self.arrow()}", citations=tuple(
            Citation(s.claim.holder, s.claim.outlet, s.claim.url, s.claim.quote, s.claim.published,
                     foreign_language_name(s.claim.language)) for s in self.steps))


def _order(c: ClaimView) -> tuple[str, int, int]:
    return (c.published or "9999", c.article_id, c.id)


def history(claims: Iterable[ClaimView], fields: tuple[str, ...] = FIELDS) -> tuple[FigureHistory, ...]:
    """Per field (and victim group), the distinct asserted values in order of first report."""
    by_field: dict[str, list[ClaimView]] = {}
    for c in claims:
        if c.field in fields and c.stance == "asserts" and c.value_num is not None:
            by_field.setdefault(c.field, []).append(c)
    out: list[FigureHistory] = []
    for name in fields:
        pools = _pools(by_field.get(name, []))
        for pool in pools:
            if not pool:
                continue
            steps: list[Step] = []
            seen: set[float] = set()
            for c in sorted(pool, key=_order):
                if c.value_num not in seen:
                    seen.add(c.value_num)  # type: ignore[arg-type]
                    steps.append(Step(c.value_num, c.qualifier, c))  # type: ignore[arg-type]
            victims = _victims(pool) if len(pools) > 1 else None
            out.append(FigureHistory(name, victims, tuple(steps), tuple(pool)))
    return tuple(out)


def changed(claims: Iterable[ClaimView], fields: tuple[str, ...] = FIELDS) -> tuple[FigureHistory, ...]:
    """Only the figures that changed: more than one distinct value."""
    return tuple(h for h in history(claims, fields) if h.changed)


def changed_since(claims: list[ClaimView], new_ids: set[int], fields: tuple[str, ...] = FIELDS) -> tuple[FigureHistory, ...]:
    """Figures that a claim in `new_ids` changed: a value nobody had given before those claims arrived."""
    out = []
    for h in changed(claims, fields):
        before = {c.value_num for c in h.claims if c.id not in new_ids}
        if before and any(s.claim.id in new_ids and s.value not in before for s in h.steps):
            out.append(h)
    return tuple(out)


def _victims(pool: list[ClaimView]) -> str | None:
    return next((c.victims for c in pool if c.victims), None)
