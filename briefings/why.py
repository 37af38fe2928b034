"""Why each report is in an incident, and which other incidents it may also belong to (issue 12).

Read from the reasons resolution stored with each report–incident link and from the "possibly also" rows: two
indexed reads per briefing. The JSON gets `why` and `possibly_also` per report, the briefing a "Possibly also" note
on its first screen; `incident --why` prints `why_only` (one line per report) under the table.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from briefings.briefing import Briefing, Item, Section
from briefings.compose import ArticleView
from briefings.db.models import Incident, IncidentAlternative, IncidentArticle

NO_REASON = "no reason recorded (stored before reasons were kept)"
# Core statements built once (compiled once, cached by SQLAlchemy); the incident id comes as a parameter.
_LINK, _ALT, _INC = IncidentArticle.__table__, IncidentAlternative.__table__, Incident.__table__
_WHY = select(_LINK.c.article_id, _LINK.c.why).where(_LINK.c.incident_id == bindparam("incident"))
_MINE = (select(_ALT.c.article_id, _ALT.c.why, _INC.c.slug, _INC.c.title).join(_INC, _INC.c.id == _ALT.c.other_id)
         .where(_ALT.c.incident_id == bindparam("incident")).order_by(_ALT.c.id))
_THEIRS = (select(_ALT.c.article_id, _ALT.c.why, _INC.c.slug, _INC.c.title).join(_INC, _INC.c.id == _ALT.c.incident_id)
           .where(_ALT.c.other_id == bindparam("incident")).order_by(_ALT.c.id))


@dataclass(frozen=True)
class Also:
    """Report `article_id` of this incident matches `slug` as well, or (`theirs`) a report of `slug` matches this."""

    article_id: int
    slug: str
    title: str
    why: str
    theirs: bool = False


@dataclass(frozen=True)
class Reasons:
    why: dict[int, str]  # article id -> the reason it is in the incident
    also: tuple[Also, ...]


def load_reasons(s: Session, incident_id: int) -> Reasons:
    conn, key = s.connection(), {"incident": incident_id}
    why = {aid: text or NO_REASON for aid, text in conn.execute(_WHY, key)}
    also = [Also(aid, slug, title, w or "") for aid, w, slug, title in conn.execute(_MINE, key)]
    also += [Also(aid, slug, title, w or "", theirs=True) for aid, w, slug, title in conn.execute(_THEIRS, key)]
    return Reasons(why, tuple(also))


def apply(b: Briefing, data: dict[str, Any], articles: list[ArticleView], r: Reasons) -> Briefing:
    """The briefing with its possibly-also notes; `data` (the JSON) gains them and each report's `why`."""
    outlet = {a.id: a.outlet for a in articles}
    for entry in data["incident"]["articles"]:
        entry["why"] = r.why.get(entry["id"], NO_REASON)
        entry["possibly_also"] = [x.slug for x in r.also if x.article_id == entry["id"] and not x.theirs]
    data["incident"]["possibly_also"] = [
        {"slug": x.slug, "title": x.title, "article_id": x.article_id, "why": x.why,
         "direction": "a report of that incident matches this one" if x.theirs else "this report matches that incident"}
        for x in r.also]
    notes = tuple(_note(x, outlet) for x in r.also)
    return replace(b, notes=(*b.notes, *dict.fromkeys(notes)))


def _note(x: Also, outlet: dict[int, str]) -> str:
    if x.theirs:
        return f"Possibly also: {x.slug} ({x.title}) — a report there matches this incident as well."
    by = outlet.get(x.article_id, "one report")
    return f"Possibly also: {x.slug} ({x.title}) — {by}'s report matches it as well as this one."


def why_only(b: Briefing) -> Briefing:
    """One line per report saying why it is in the incident, for `incident --why` under the table."""
    items = tuple(Item(label=a["outlet"], text=a.get("why") or NO_REASON, url=a.get("url"))
                  for a in b.data.get("incident", {}).get("articles", []))
    return Briefing(f"Why each report is in {b.ref}", "", (Section("Reports", "why", items),), kind="why")
