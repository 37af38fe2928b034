"""Compose platform-neutral Briefing documents from reconciled claims. Nothing here is invented: every
figure and every blame comes from a stored claim with its quote; silence is said as "not reported"."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from briefings.briefing import Briefing, Citation, Item, Section
from briefings.extract.lang.detect import foreign_language_name as foreign_name
from briefings.extract.lang.rules import analysed_languages
from briefings.reconcile import ClaimView, FieldSummary, Reconciliation, ValueGroup

LABEL = {
    "killed": "Killed", "wounded": "Wounded", "weapon": "Weapon / means", "perpetrator": "Perpetrator (as claimed)",
    "target": "Target", "distance_km": "Distance", "denial": "Denials", "note": "Other claims", "occurred": "Did it happen",
}
ALWAYS = ("killed", "wounded", "perpetrator", "weapon")


@dataclass(frozen=True)
class ArticleView:
    id: int
    outlet: str
    url: str | None
    published: str | None
    title: str | None
    carriers: tuple[str, ...] = ()  # outlets that republished it
    language: str | None = None  # ISO code; None when unknown


@dataclass(frozen=True)
class IncidentView:
    slug: str
    title: str
    place: dict[str, Any]
    start: date | None
    end: date | None
    status: str


def analysed(code: str | None) -> bool:
    """Whether the engine reads the language (unknown counts as read: the English rules ran over it)."""
    return code is None or code in analysed_languages()


def _fmt_num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def value_text(field: str, g: ValueGroup) -> str:
    """How a value reads in a briefing: '1', 'at least 2', 'none (0)', '50 km from Baghdad', 'denies: X'."""
    if field in ("killed", "wounded", "distance_km"):
        if g.value_num is None:
            base = g.qualifier or "unspecified"
        else:
            n = _fmt_num(g.value_num)
            base = f"{g.qualifier} {n}" if g.qualifier and g.qualifier not in ("preliminary",) else n
            if g.qualifier == "preliminary":
                base += " (preliminary)"
        if field == "distance_km":
            ref = next((c.reference for c in g.claims if c.reference), None)
            base = f"{base} km" + (f" from {ref}" if ref else "")
        if g.victims and field != "distance_km":
            base += f" ({g.victims})"
    else:
        base = g.value
    return f"denies: {base}" if g.stance == "denies" and field != "denial" else base


def _citation(c: ClaimView) -> Citation:
    return Citation(attributed_to=c.holder, outlet=c.outlet, url=c.url, quote=c.quote, published=c.published,
                    language=foreign_name(c.language))


def _group_item(field: str, g: ValueGroup) -> Item:
    held = "; ".join(
        f"{c.outlet} (own reporting)" if c.attributed_to == "outlet" else f"{c.holder} ({c.outlet})" for c in _unique(g.claims)
    )
    return Item(
        label=value_text(field, g),
        text=f"held by {held}",
        citations=tuple(_citation(c) for c in _unique(g.claims)),
        stance=g.stance,
    )


def _unique(claims: tuple[ClaimView, ...]) -> list[ClaimView]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in claims:
        k = (c.holder_key(), c.quote)
        if k not in seen:
            seen.add(k)
            out.append(c)
    return out


def _range(f: FieldSummary) -> str:
    if f.low is None or f.high is None or f.low == f.high:
        return ""
    unit = " km" if f.field == "distance_km" else ""
    return f" (range {_fmt_num(f.low)}–{_fmt_num(f.high)}{unit}; most conservative {_fmt_num(f.low)}{unit})"


def incident_briefing(
    inc: IncidentView, rec: Reconciliation, articles: list[ArticleView], claims: list[ClaimView], others: list[IncidentView]
) -> Briefing:
    sections: list[Section] = []
    for d in rec.disputes:
        sections.append(Section(f"Disputed — {LABEL.get(d.field, d.field)}{_range(d)}", "disputed",
                                tuple(_group_item(d.field, g) for g in d.groups), field=d.field))
    disputed = {d.field for d in rec.disputes}
    for f in rec.fields:
        if f.field in disputed:
            continue
        kind = "note" if f.field in ("note", "denial", "target") else "agreed"
        title = LABEL.get(f.field, f.field) + (_range(f) if kind == "agreed" else "")
        sections.append(Section(title, kind, tuple(_group_item(f.field, g) for g in f.groups), field=f.field))
    # --- figure history (issue 5): a figure changed by a later report shows both values, holder and time ---
    from briefings.history import changed

    if moved := changed(claims):
        sections.append(Section("History", "history", tuple(h.item() for h in moved)))
    # --- end figure history ---
    present = {f.field for f in rec.fields}
    missing = [LABEL[f] for f in ALWAYS if f not in present]
    if missing:
        sections.append(Section("Not reported", "unreported", tuple(Item(text=f"{m}: not reported") for m in missing)))
    sections.append(Section("Sources", "sources", tuple(_source_item(a) for a in articles)))
    if others:
        sections.append(Section("Other matching incidents", "others", tuple(
            Item(label=o.slug, text=f"{o.title}{_when(o)}") for o in others)))
    summary = _summary(inc, rec, articles)
    return Briefing(
        title=inc.title,
        summary=summary,
        sections=tuple(sections),
        status=inc.status,
        footer=f"{inc.status} · {len(articles)} report(s) · /incident {inc.slug}",
        kind="incident",
        data={},
    )


def _when(i: IncidentView) -> str:
    if i.start is None:
        return " (date unknown)"
    if i.end and i.end != i.start:
        return f" ({i.start.isoformat()} – {i.end.isoformat()})"
    return f" ({i.start.isoformat()})"


def _source_item(a: ArticleView) -> Item:
    extra = f"; also carried by {', '.join(a.carriers)}" if a.carriers else ""
    if foreign_name(a.language):
        extra += f"; in {foreign_name(a.language)}" + ("" if analysed(a.language) else " (not analysed)")
    parts = [x for x in (a.title, a.published) if x]
    return Item(label=a.outlet, text=" — ".join(parts or ["date unknown"]) + extra, url=a.url)


def _summary(inc: IncidentView, rec: Reconciliation, articles: list[ArticleView]) -> str:
    outlets = list(dict.fromkeys(a.outlet for a in articles))
    where = inc.place.get("name") or "unknown place"
    parts = [f"{where}{_when(inc)}, reported by {', '.join(outlets)}."]
    if rec.disputes:
        names = [LABEL.get(d.field, d.field).lower() for d in rec.disputes]
        parts.append("Sources disagree on " + ", ".join(dict.fromkeys(names)) + ".")
    else:
        parts.append("No disagreement between sources so far.")
    unread: dict[str, list[str]] = {}
    for a in articles:
        if not analysed(a.language):
            unread.setdefault(foreign_name(a.language) or "an unknown language", []).append(a.outlet)
    parts.extend(f"Also reported in {lang} by {', '.join(dict.fromkeys(by))} (not analysed)." for lang, by in unread.items())
    return " ".join(parts)


def incident_json(
    query: str, inc: IncidentView, rec: Reconciliation, articles: list[ArticleView], claims: list[ClaimView],
    others: list[IncidentView], summary: str,
) -> dict[str, Any]:
    """The `incident --format json` document (DESIGN.md §4): other tools read these names."""
    return {
        "query": query,
        "incident": {
            "slug": inc.slug,
            "title": inc.title,
            "place": inc.place,
            "start": inc.start.isoformat() if inc.start else None,
            "end": inc.end.isoformat() if inc.end else None,
            "status": inc.status,
            "articles": [
                {"id": a.id, "outlet": a.outlet, "url": a.url, "published": a.published, "title": a.title,
                 "carriers": list(a.carriers), "language": a.language, "analysed": analysed(a.language)}
                for a in articles
            ],
            "claims": [
                {"field": c.field, "value": _json_value(c), "qualifier": c.qualifier, "attributed_to": c.attributed_to,
                 "stance": c.stance, "outlet": c.outlet, "url": c.url, "quote": c.quote, "victims": c.victims,
                 "reference": c.reference, "article_id": c.article_id, "language": c.language} for c in claims
            ],
            "disagreements": [
                {"field": d.field, "values": [
                    {"value": _group_json_value(d.field, g), "qualifier": g.qualifier, "stance": g.stance,
                     "holders": [{"attributed_to": c.holder, "outlet": c.outlet, "url": c.url} for c in _unique(g.claims)]}
                    for g in d.groups]} for d in rec.disputes
            ],
            "summary": summary,
        },
        "others": [
            {"slug": o.slug, "title": o.title, "start": o.start.isoformat() if o.start else None, "status": o.status}
            for o in others
        ],
    }


def _json_value(c: ClaimView) -> Any:
    if c.field in ("killed", "wounded") and c.value_num is not None:
        return int(c.value_num)
    if c.field == "distance_km" and c.value_num is not None:
        return c.value_num if not float(c.value_num).is_integer() else int(c.value_num)
    return c.value


def _group_json_value(field: str, g: ValueGroup) -> Any:
    if field in ("killed", "wounded", "distance_km") and g.value_num is not None:
        return int(g.value_num) if float(g.value_num).is_integer() else g.value_num
    return g.value
