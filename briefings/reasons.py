"""The reasons of a resolution, in words an analyst checks against the reports (`briefbot incident Q --why`).

Built from what resolution already holds in memory (the frame, the candidate's places, dates and event types) and
the undated evidence (briefings/undated.py): writing them costs no extra query.
"""
from __future__ import annotations

from collections.abc import Sequence

from briefings.extract.frames import Frame
from briefings.extract.types import Place
from briefings.knowledge.places import Gazetteer
from briefings.resolution import ResolvedIncident
from briefings.undated import Evidence


MAX_PLACES = 3  # shared places named in a reason


def _relation(places: Gazetteer, mine: Place, theirs: Place) -> str:
    """How the report's main place stands to the incident's: the same, one inside the other, or nearby."""
    if mine.id == theirs.id:
        return f"same main place: {mine.name}"
    if any(a.id == theirs.id for a in places.ancestors(mine)):
        return f"main place {mine.name} is in the incident's {theirs.name}"
    if any(a.id == mine.id for a in places.ancestors(theirs)):
        return f"main place {mine.name} contains the incident's {theirs.name}"
    return f"main place {mine.name} is near the incident's {theirs.name}"


def _shared_places(frame: Frame, inc: ResolvedIncident, primary: Place) -> list[str]:
    """The report's other specific places that the incident has too ("also named: Jurf al-Sakhar")."""
    return [p.name for p in frame.specific() if p.id in inc.places and p.id != primary.id][:MAX_PLACES]


def _types(frame: Frame, event_types: str) -> list[str]:
    mine = dict.fromkeys(frame.types)
    theirs = {t for t in event_types.split(",") if t}
    return [t for t in mine if t in theirs]


def dated_reasons(places: Gazetteer, inc: ResolvedIncident, frame: Frame, primary: Place, gap: int,
                  window: int) -> str:
    """Why a dated report joined a dated incident: its places (with their role), its dates, its kind of event."""
    main = places.get(inc.place_id)
    parts = [_relation(places, primary, main) if main is not None else f"place: {primary.name}"]
    if shared := _shared_places(frame, inc, primary):
        parts.append("also named: " + ", ".join(shared))
    if frame.start is not None and inc.start_date is not None:
        parts.append(f"same dates: {_span(frame)}" if gap == 0
                     else f"dates {gap} day{'s' if gap != 1 else ''} apart ({_span(frame)}; within {window})")
    if types := _types(frame, inc.event_types):
        parts.append("same kind of event: " + ", ".join(types))
    return "; ".join(parts)


def undated_reason(e: Evidence) -> str:
    """Why a report joined across the dated/undated line: the evidence beyond place (undated.py)."""
    return "undated: matched on " + ("; ".join(e.reasons) if e.reasons else "place only") + f" (score {e.score})"


def undated_new(primary: Place, frame: Frame, tied: Sequence[tuple[str, Evidence]]) -> str:
    """Why a report started an incident of its own."""
    if tied:
        names = " and ".join(slug for slug, _e in tied)
        return f"kept apart: matches {names} equally ({undated_reason(tied[0][1])})"
    if frame.start is None:
        return f"new incident: undated, and no incident at {primary.name} matched on enough evidence"
    return f"new incident: no matching incident at or near {primary.name} around {_span(frame)}"


def _span(frame: Frame) -> str:
    if frame.start is None:
        return "undated"
    if frame.end is None or frame.end == frame.start:
        return frame.start.isoformat()
    return f"{frame.start.isoformat()} – {frame.end.isoformat()}"
