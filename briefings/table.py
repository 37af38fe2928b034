"""The disagreement table (DESIGN.md §3 step 6, issue 18): one row per field, each distinct value with its
holders in short form and footnote numbers; every quote once, numbered, shared by every value it supports.

The first screen of a briefing is this table; the numbered quotes, the figure history and the sources are
the evidence behind it, one click (or `--full`) away. Nothing is dropped: a value left out of a crowded row is
still in the footnote that supports it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from briefings.briefing import Cell, Citation, Footnote, Item, Row, Section
from briefings.extract.lang.detect import foreign_language_name as foreign_name
from briefings.extract.numbers import COLLECTIVE
from briefings.reconcile import FieldSummary, ClaimView, Reconciliation, ValueGroup

LABEL = {
    "killed": "Killed", "wounded": "Wounded", "missing": "Missing", "weapon": "Weapon / means",
    "perpetrator": "Perpetrator (as claimed)", "target": "Target", "launch_site": "Launched from",
    "distance_km": "Distance", "denial": "Denials", "note": "Other claims", "occurred": "Did it happen",
}
ALWAYS = ("killed", "wounded", "weapon", "perpetrator")
ORDER = ("occurred", "killed", "wounded", "missing", "weapon", "perpetrator", "target", "launch_site",
         "distance_km", "denial", "note")
HOLDERS_PER_OUTLET = 2  # then "+N"
OUTLETS_PER_CELL = 3
CELLS_PER_QUIET_ROW = 3  # rows without a dispute show their first values, the rest are counted
HOLDER_CHARS = 40
_POSSESSIVE = ("its", "their", "his", "her", "our")


def fmt_num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def value_text(field: str, g: ValueGroup) -> str:
    """How a value reads: '1', 'at least 2', '50 km from Baghdad', '0 of its personnel', 'denies: X'."""
    if field in ("killed", "wounded", "missing", "distance_km"):
        if g.value_num is None:
            base = g.qualifier if g.qualifier and g.qualifier != "unspecified" else "some, no figure"
        else:
            n = fmt_num(g.value_num)
            base = f"{g.qualifier} {n}" if g.qualifier and g.qualifier not in ("preliminary",) else n
            if g.qualifier in COLLECTIVE:  # "hundreds", not "hundreds 100": the figure is only a coding convention
                base = g.qualifier
            if g.qualifier == "preliminary":
                base += " (preliminary)"
        if field == "distance_km":
            ref = next((c.reference for c in g.claims if c.reference), None)
            base = f"{base} km" + (f" from {ref}" if ref else "")
        if g.subgroup:
            base += (" of " if g.subgroup.split()[0].lower() in _POSSESSIVE or "'s " in g.subgroup else " ") + g.subgroup
        elif g.victims and field != "distance_km":
            base += f" ({g.victims})"
    else:
        base = g.value
    return f"denies: {base}" if g.stance == "denies" and field != "denial" else base


def short_outlet(outlet: str) -> str:
    """'The Jerusalem Post' -> 'Jerusalem Post'; 'EFE (English translation)' -> 'EFE'."""
    name = outlet.split(" (")[0].strip() or outlet
    return name[4:] if name.lower().startswith("the ") and len(name) > 8 else name


@lru_cache(maxsize=4096)
def short_holder(holder: str) -> str:
    """Pure and asked for every claim of every cell: memoised (holders repeat a lot)."""
    holder = re.sub(r"\s*\(per [^)]*\)", "", " ".join(holder.split()))  # who relayed it is in the footnote
    if len(holder) <= HOLDER_CHARS:
        return holder
    cut = holder[:HOLDER_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;(") + "…"


def _holders(claims: Iterable[ClaimView]) -> tuple[str, ...]:
    """'Iraqi sources, a military statement +1 (Jerusalem Post)'; own reporting is the outlet alone."""
    by_outlet: dict[str, list[str]] = {}
    for c in claims:
        names = by_outlet.setdefault(c.outlet, [])
        name = "" if c.attributed_to == "outlet" or c.holder == c.outlet else short_holder(c.holder)
        if name not in names:
            names.append(name)
    out = []
    for outlet, names in by_outlet.items():
        named = [n for n in names if n]
        shown = ", ".join(named[:HOLDERS_PER_OUTLET]) + (f" +{len(named) - HOLDERS_PER_OUTLET}" if len(named) > HOLDERS_PER_OUTLET else "")
        own = "" in names
        if shown:
            out.append(f"{shown} ({short_outlet(outlet)}{', own reporting' if own else ''})")
        else:
            out.append(short_outlet(outlet))
    if len(out) > OUTLETS_PER_CELL:
        more = len(out) - OUTLETS_PER_CELL
        out = out[:OUTLETS_PER_CELL] + [f"+{more} outlet{'s' if more > 1 else ''}"]
    return tuple(out)


@dataclass
class _Notes:
    """Footnotes numbered in order of first use; one per (report, quote)."""

    numbers: dict[tuple[int, str], int]
    citations: dict[int, Citation]
    supports: dict[int, list[tuple[str, str, str]]]
    # What the membership tests read, kept beside the values (a big incident's quote supports dozens of values):
    names: dict[int, set[str]] = field(default_factory=dict)  # the "; "-separated parts of each `attributed_to`
    seen: set[tuple[int, str, str, str]] = field(default_factory=set)  # (n, *triple) already in `supports`

    def ref(self, c: ClaimView, label: str, value: str) -> int:
        key = (c.article_id, c.quote)
        n = self.numbers.setdefault(key, len(self.numbers) + 1)
        holder = c.holder
        if n not in self.citations:
            self.citations[n] = Citation(holder, c.outlet, c.url, c.quote, c.published, foreign_name(c.language))
            self.names[n] = set(holder.split("; "))
        elif holder not in self.names[n]:
            old = self.citations[n]
            self.citations[n] = Citation(f"{old.attributed_to}; {holder}", old.outlet, old.url, old.quote, old.published,
                                         old.language)
            self.names[n].update(holder.split("; "))
        if (n, label, value, holder) not in self.seen:
            self.seen.add((n, label, value, holder))
            self.supports.setdefault(n, []).append((label, value, holder))
        return n

    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(Footnote(n, self.citations[n], tuple(self.supports[n])) for n in sorted(self.citations))


def _summaries(rec: Reconciliation) -> dict[str, FieldSummary]:
    """One summary per field: the disputed version where there is one (it carries blame-vs-denial pairs)."""
    out = {f.field: f for f in rec.fields}
    for d in rec.disputes:
        if d.field == "note":  # a note against a denial: every note still shows, the field is marked disputed
            out["note"] = FieldSummary("note", out["note"].groups, True) if "note" in out else d
        else:
            out[d.field] = d
    return out


def _range(f: FieldSummary) -> str:
    if f.low is None or f.high is None or f.low == f.high:
        return ""
    unit = " km" if f.field == "distance_km" else ""
    return f"range {fmt_num(f.low)}–{fmt_num(f.high)}{unit}, lowest {fmt_num(f.low)}{unit}"


def build(rec: Reconciliation) -> tuple[tuple[Row, ...], tuple[Footnote, ...]]:
    """The rows (first screen) and the footnotes (evidence) of one incident."""
    notes = _Notes({}, {}, {})
    fields = _summaries(rec)
    denied_blame = {c.id for g in fields.get("perpetrator", FieldSummary("", (), False)).groups
                    if g.stance == "denies" for c in g.claims}
    rows: list[Row] = []
    for name in sorted(set(fields) | set(ALWAYS), key=lambda f: ORDER.index(f) if f in ORDER else 99):
        label = LABEL.get(name, name.replace("_", " ").capitalize())
        f = fields.get(name)
        if f is None:
            rows.append(Row(name, label))
            continue
        shown_with_blame = [g for g in f.groups if name == "denial" and all(c.id in denied_blame for c in g.claims)]
        for g in shown_with_blame:  # already a "denies:" cell of the perpetrator row; its quotes still say so
            for c in g.claims:
                notes.ref(c, label, value_text(name, g))
        groups = [g for g in f.groups if g not in shown_with_blame]
        if not groups:
            continue
        cells = []
        for g in groups:
            value = value_text(name, g)
            refs = tuple(sorted({notes.ref(c, label, value) for c in g.claims}))
            cells.append(Cell(value, _holders(g.claims), refs, g.stance, g.subgroup is not None))
        note = _range(f) if f.disputed else ""
        if not f.disputed and len(cells) > CELLS_PER_QUIET_ROW:
            rest = cells[CELLS_PER_QUIET_ROW:]
            refs = sorted({r for c in rest for r in c.refs})
            note = f"+{len(rest)} more: " + refs_text(refs)
            cells = cells[:CELLS_PER_QUIET_ROW]
        rows.append(Row(name, label, tuple(cells), f.disputed, note))
    return tuple(rows), notes.footnotes()


def quotes_section(footnotes: tuple[Footnote, ...]) -> Section:
    """The evidence: each quote once, numbered, with what it supports."""
    return Section("Quotes", "quotes", tuple(
        Item(text="; ".join(f"{lab.lower()}: {val}" for lab, val, _h in f.supports), label=f"[{f.n}]",
             citations=(f.citation,)) for f in footnotes))


def history_items(moved: Iterable[object], footnotes: tuple[Footnote, ...]) -> tuple[Item, ...]:
    """Figure history lines that point at the numbered quotes instead of repeating them."""
    number = {(f.citation.outlet, f.citation.quote): f.n for f in footnotes}
    out = []
    for h in moved:
        item = h.item()  # type: ignore[attr-defined]
        refs = "".join(f"[{number[(c.outlet, c.quote)]}]" for c in item.citations if (c.outlet, c.quote) in number)
        out.append(Item(text=f"{item.text} {refs}".strip(), label=item.label))
    return tuple(out)


def refs_text(refs: Iterable[int]) -> str:
    """[1][2] for a few footnotes, [3]–[9] for a run of three or more."""
    out: list[str] = []
    run: list[int] = []
    for n in sorted(set(refs)) + [-1]:
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"[{run[0]}]–[{run[-1]}]" if len(run) >= 3 else "".join(f"[{r}]" for r in run))
        run = [n]
    return "".join(out)


def cell_text(cell: Cell) -> str:
    """'1 — Iraqi sources (Jerusalem Post) [2][3]'."""
    refs = refs_text(cell.refs)
    held = "; ".join(cell.holders)
    tag = " (subgroup)" if cell.subgroup else ""
    return f"{cell.value}{tag} — {held} {refs}".strip()


def row_text(row: Row) -> str:
    """The row's values after its label: 'not reported' when nobody said anything."""
    if not row.cells:
        return "not reported"
    body = " · ".join(cell_text(c) for c in row.cells)
    return f"{body} ({row.note})" if row.note else body


def row_label(row: Row) -> str:
    return f"{row.label} (disputed)" if row.disputed else row.label
