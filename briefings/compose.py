"""Compose platform-neutral Briefing documents from reconciled claims. Nothing here is invented: every
figure and every blame comes from a stored claim with its quote; silence is said as "not reported"."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from briefings import table
from briefings.extract.lang.detect import foreign_language_name as foreign_name
from briefings.extract.lang.rules import analysed_languages
from briefings.briefing import Briefing, Item, Section
from briefings.reconcile import ClaimView, Reconciliation, ValueGroup
from briefings.table import fmt_num as _fmt_num, value_text  # noqa: F401  (re-exported: other modules use them)

ALWAYS = table.ALWAYS
LABEL = table.LABEL


@dataclass(frozen=True)
class ArticleView:
    id: int
    outlet: str
    url: str | None
    published: str | None
    title: str | None
    carriers: tuple[str, ...] = ()  # outlets that republished it
    language: str | None = None


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


def unread_notes(articles: list[ArticleView]) -> list[str]:
    """"Also reported in Dutch by X (not analysed)": reports whose language the engine cannot read."""
    unread: dict[str, list[str]] = {}
    for a in articles:
        if not analysed(a.language):
            unread.setdefault(foreign_name(a.language) or "an unknown language", []).append(a.outlet)
    return [f"Also reported in {lang} by {', '.join(dict.fromkeys(by))} (not analysed)." for lang, by in unread.items()]


def _unique(claims: tuple[ClaimView, ...]) -> list[ClaimView]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in claims:
        k = (c.holder_key(), c.quote)
        if k not in seen:
            seen.add(k)
            out.append(c)
    return out


def incident_briefing(
    inc: IncidentView, rec: Reconciliation, articles: list[ArticleView], claims: list[ClaimView], others: list[IncidentView]
) -> Briefing:
    """The table first (facts, one row per field), then the evidence as sections: numbered quotes, figure
    history, sources, other matching incidents."""
    from briefings.history import changed

    rows, footnotes = table.build(rec)
    sections = [table.quotes_section(footnotes)]
    if moved := changed(claims):
        sections.append(Section("History", "history", table.history_items(moved, footnotes)))
    sections.append(Section("Sources", "sources", tuple(_source_item(a) for a in articles)))
    notes: list[str] = []
    if others:
        sections.append(Section("Other matching incidents", "others", tuple(
            Item(label=o.slug, text=f"{o.title}{_when(o)}") for o in others)))
        shown = ", ".join(o.slug for o in others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        notes.append(f"Also matching: {shown}")
    return Briefing(
        title=inc.title,
        summary=_summary(inc, rec, articles),
        sections=tuple(sections),
        status=inc.status,
        footer=f"{inc.status} · {len(articles)} report(s) · /incident {inc.slug}",
        kind="incident",
        facts=_facts(inc, rec, articles),
        table=rows,
        footnotes=footnotes,
        notes=tuple(notes),
        ref=inc.slug,
    )


def _facts(inc: IncidentView, rec: Reconciliation, articles: list[ArticleView]) -> tuple[str, ...]:
    """'Kalsu, Babil, Iraq · 2024-04-19 – 2024-04-20 · contested'; '2 reports from 2 outlets, in 1 language'."""
    place = ", ".join(dict.fromkeys(p for p in (inc.place.get("name"), inc.place.get("admin1"), inc.place.get("country")) if p))
    when = _when(inc).strip(" ()") or "date unknown"
    status = {"contested": "contested: sources disagree", "corroborated": "corroborated: several outlets agree",
              "single-source": "single source so far"}.get(inc.status, inc.status)
    outlets = {a.outlet for a in articles}
    carried = sum(len(a.carriers) for a in articles)
    languages = sorted({a.language for a in articles if a.language})
    n, m, k = len(articles), len(outlets), len(languages)
    langs = f", in {k} language{'s' if k != 1 else ''} ({', '.join(languages)})" if k else ""
    copies = f"; {carried} republished cop{'ies' if carried != 1 else 'y'}" if carried else ""
    return (f"{place or 'place unknown'} · {when} · {status}",
            f"{n} report{'s' if n != 1 else ''} from {m} outlet{'s' if m != 1 else ''}{langs}{copies}")


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
    return " ".join(parts + unread_notes(articles))


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


def table_json(b: Briefing) -> dict[str, Any]:
    """The table and its numbered quotes, for `--format json` beside the claims (nothing is left out there)."""
    return {
        "table": [{"field": r.field, "label": r.label, "disputed": r.disputed, "note": r.note or None,
                   "values": [{"value": c.value, "holders": list(c.holders), "refs": list(c.refs), "stance": c.stance,
                               "subgroup": c.subgroup} for c in r.cells]} for r in b.table],
        "footnotes": [{"n": f.n, "attributed_to": f.citation.attributed_to, "outlet": f.citation.outlet,
                       "url": f.citation.url, "published": f.citation.published, "quote": f.citation.quote,
                       "supports": [{"field": lab, "value": val, "holder": h} for lab, val, h in f.supports]}
                      for f in b.footnotes],
        "notes": list(b.notes),
    }
