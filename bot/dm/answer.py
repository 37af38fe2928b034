"""Short answers (≤ 15 lines) composed from the engine's incident document: the rows of the field asked
about, each value with its holders and the quote behind it, and a pointer to the full briefing.

Built from `Briefing.data` (the `incident --format json` document, DESIGN.md §4), not from the rendered
briefing, so a new briefing layout does not change these answers. Nothing is invented: a field no report
mentions is said to be "not reported".
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from briefings.briefing import Briefing
from briefings.finder import IncidentRow
from bot.dm.phrases import phrase
from briefings.render.text import trim_quote

MAX_LINES = 15
QUOTE = 150
LABEL = {"killed": "Killed", "wounded": "Wounded", "perpetrator": "Who did it (as claimed)", "weapon": "Weapon / means",
         "denial": "Denials", "distance_km": "Distance", "target": "Target"}
NUMERIC = ("killed", "wounded", "distance_km")


def dates(first: date | None, last: date | None, lang: str = "en") -> str:
    return _dates(first.isoformat() if first else None, last.isoformat() if last else None, lang)


def _dates(start: str | None, end: str | None, lang: str = "en") -> str:
    if not start:
        return phrase(lang, "date_unknown")
    return start if not end or end == start else f"{start} – {end}"


def header(inc: dict[str, Any], lang: str = "en") -> str:
    return f"{inc['title']} · {_dates(inc.get('start'), inc.get('end'), lang)} · {inc.get('status', '')}".rstrip(" ·")


def _holders(claims: list[dict[str, Any]], lang: str) -> str:
    """"Iraqi sources; a military statement (The Jerusalem Post); security sources (EFE)": holders by outlet."""
    by_outlet: dict[str, list[str]] = {}
    for c in claims:
        if c["attributed_to"] == "outlet":
            by_outlet.setdefault(c["outlet"], []).append(phrase(lang, "own"))
        else:
            by_outlet.setdefault(c["outlet"], []).append(c["attributed_to"])
    return "; ".join(f"{'; '.join(dict.fromkeys(h))} ({o})" for o, h in by_outlet.items())


def _value(field: str, c: dict[str, Any]) -> str:
    value, qual = c.get("value"), c.get("qualifier")
    if field in NUMERIC and isinstance(value, (int, float)):
        text = f"{qual} {value:g}" if qual and qual != "preliminary" else f"{value:g}"
        text += " (preliminary)" if qual == "preliminary" else ""
        if field == "distance_km":
            text += " km" + (f" from {c['reference']}" if c.get("reference") else "")

    else:
        text = str(value if value not in (None, "") else qual or "unspecified")
    if c.get("stance") == "denies" and field != "denial":
        return f"denies: {text}"
    return f"{text} (denies)" if field == "denial" and c.get("stance") == "denies" else text


def _groups(field: str, claims: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        groups.setdefault(_value(field, c), []).append(c)
    items = list(groups.items())
    if field in NUMERIC:
        items.sort(key=lambda kv: (not isinstance(kv[1][0].get("value"), (int, float)), kv[1][0].get("value") or 0))
    return items


def _claims_for(inc: dict[str, Any], field: str) -> list[dict[str, Any]]:
    claims = [c for c in inc["claims"] if c["field"] == field]
    if field == "denial":  # "did anyone deny…": every denial, whatever it is about
        claims += [c for c in inc["claims"] if c["field"] != "denial" and c.get("stance") == "denies"]
    return claims


def field_lines(inc: dict[str, Any], field: str, budget: int, quotes: bool = True, lang: str = "en") -> list[str]:
    """The heading and one line per value (holders, the first quote), within `budget` lines."""
    claims = _claims_for(inc, field)
    label = phrase(lang, field) if field in LABEL else field
    if not claims:
        return [phrase(lang, "not_reported", label=label)]
    groups = _groups(field, claims)
    disputed = field in {d["field"] for d in inc.get("disagreements", ())}
    numbers = [c["value"] for c in claims if isinstance(c.get("value"), (int, float)) and c.get("stance") != "denies"]
    span = phrase(lang, "span", low=f"{min(numbers):g}", high=f"{max(numbers):g}") \
        if disputed and field in NUMERIC and len(set(numbers)) > 1 else ""
    state = phrase(lang, "disagree" if disputed else
                   ("one_source" if len(groups) == 1 and len(claims) == 1 else "as_reported"))
    lines = [f"{label} — {state}{span}:"]
    room = max(1, budget - 1)
    for k, (value, held) in enumerate(groups):
        if k == room - 1 and len(groups) > room:
            lines.append(phrase(lang, "more_values", n=len(groups) - k))
            break
        holders = _holders(held, lang)
        victims = next((c["victims"] for c in held if c.get("victims")), None) if field in NUMERIC else None
        line = f"• {value}{f' ({victims})' if victims else ''} — {holders}"
        if quotes:
            line += f": “{trim_quote(held[0]['quote'], QUOTE)}”"
        lines.append(line)
    return lines


def field_answer(b: Briefing, fields: Sequence[str], others: Sequence[IncidentRow] = (), lang: str = "en") -> str:
    inc = b.data["incident"]
    lines = [header(inc, lang)]
    tail = [phrase(lang, "full", slug=inc["slug"])]
    if others:
        tail.insert(0, phrase(lang, "others", slugs=", ".join(o.slug for o in others[:3])))
    budget = MAX_LINES - len(lines) - len(tail)
    share = max(2, budget // max(1, len(fields)))
    for f in fields:
        lines += field_lines(inc, f, min(share, budget - (len(lines) - 1)), quotes=len(fields) < 3, lang=lang)
    return "\n".join([*lines[: MAX_LINES - len(tail)], *tail])


def disputed_answer(b: Briefing, lang: str = "en") -> str:
    inc = b.data["incident"]
    lines = [header(inc, lang)]
    dis = inc.get("disagreements", [])
    lines.append(phrase(lang, "disputes" if dis else "no_disputes"))
    for d in dis[:6]:
        values = "; ".join(f"{v['value']} ({', '.join(dict.fromkeys(h['attributed_to'] for h in v['holders']))})"
                           for v in d["values"])
        label = phrase(lang, d["field"]) if d["field"] in LABEL else d["field"]
        lines.append(f"• {label}: {trim_quote(values, 300)}")
    lines.append(phrase(lang, "quotes", slug=inc["slug"]))
    return "\n".join(lines)


def changes_answer(b: Briefing, lang: str = "en") -> str:
    inc = b.data["incident"]
    history = [i for s in b.sections if s.kind == "history" for i in s.items]
    lines = [header(inc, lang)]
    if history:
        lines.append(phrase(lang, "changed"))
        lines += [f"• {(i.label + ': ') if i.label else ''}{i.text}" for i in history[: MAX_LINES - 3]]
    else:
        arts = inc.get("articles", [])
        last = max((a["published"] for a in arts if a.get("published")), default=None)
        lines.append(phrase(lang, "unchanged", latest=phrase(lang, "latest", date=last) if last else ""))
    lines.append(phrase(lang, "full", slug=inc["slug"]))
    return "\n".join(lines)


def when_answer(b: Briefing, lang: str = "en") -> str:
    inc = b.data["incident"]
    arts = sorted(a["published"] for a in inc.get("articles", []) if a.get("published"))
    first = phrase(lang, "first", date=arts[0]) if arts else ""
    return "\n".join([header(inc, lang), phrase(lang, "when", dates=_dates(inc.get("start"), inc.get("end"), lang),
                                                first=first), phrase(lang, "full", slug=inc["slug"])])


def where_answer(b: Briefing, lang: str = "en") -> str:
    inc = b.data["incident"]
    p = inc["place"]
    where = ", ".join(x for x in (p.get("name"), p.get("admin1"), p.get("country")) if x)
    coords = f" ({p['lat']:.3f}, {p['lon']:.3f})" if p.get("lat") is not None and p.get("lon") is not None else ""
    lines = [header(inc, lang), phrase(lang, "where", where=where, coords=coords)]
    lines += field_lines(inc, "distance_km", 5, quotes=False, lang=lang)[1:] if _claims_for(inc, "distance_km") else []
    lines.append(phrase(lang, "full", slug=inc["slug"]))
    return "\n".join(lines)


def list_answer(rows: Sequence[IncidentRow], area: str, fields: Sequence[str], limit: int = 10, lang: str = "en") -> str:
    lines = [phrase(lang, "listed", n=len(rows), area=area).replace("  ", " ")]
    for r in rows[:limit]:
        line = f"• {r.slug} — {r.title} · {dates(r.start, r.end, lang)} · {r.status}"
        for f in fields:
            values = list(dict.fromkeys(v for fld, v in r.claims if fld == f and v))
            label = phrase(lang, f) if f in LABEL else f
            line += f" · {label.lower()}: {', '.join(values[:4]) if values else phrase(lang, 'nr')}"
        lines.append(line)
    if len(rows) > limit:
        lines.append(phrase(lang, "more_listed", n=len(rows) - limit))
    lines.append(phrase(lang, "ask_one", slug=rows[0].slug))
    return "\n".join(lines)
