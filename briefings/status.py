"""Keep incident statuses current after ingest, reading only what the status depends on, in bounded memory.

An incident's status (single-source | corroborated | contested) depends only on the distinct claims its sources
make, not on how many reports repeat them: a wire story republished a thousand times, or hostile input piling
tens of thousands of similar claims into one incident, must not load every claim and quote (issue 15: one
refresh of the biggest incidents took RSS from 68 MB to 566 MB). And of those claims only the fields a dispute
can be about (figures, weapon, perpetrator, distance) and the denials and notes compared with them count
(issue 14: the refresh ran for every incident of every batch). So the database returns, per incident and field,
each distinct (value, holder, stance, victims, outlet) once — no qualifier or reference, which no rule reads; the
quote only where the reconciler reads it (a casualty figure that may be about part of the victims), pre-filtered
by a word its regex requires. The fields are checked one by one as they arrive (`reconcile.field_disputed`), and
the first dispute settles the incident; independent outlets are then counted in SQL for the incidents no dispute
settled (a contested incident's status does not depend on them). Only an incident whose denial says the event did
not happen reads which holders assert anything else (one more small query).
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, and_, bindparam, case, func, literal, or_, select, update
from sqlalchemy.orm import Session

from briefings.compat import subgroup
from briefings.db.models import Article, Claim, Incident, IncidentArticle, Outlet
from briefings.reconcile import DISPUTABLE, ClaimView, across_fields, denies_event, field_disputed, status_of

_FIGURES = ("killed", "wounded", "missing")  # the fields `compat.subgroup` reads the quote of
_READ = (*DISPUTABLE, "denial", "note")  # what `field_disputed` and `across_fields` compare (targets: neither)
_QUOTE_IF_READ = case(  # a superset of the quotes `subgroup`'s regexes can match; '' for the rest
    (and_(Claim.field.in_(_FIGURES), Claim.value_num.is_not(None),
          or_(func.lower(Claim.quote).like("%of%"), and_(Claim.value_num == 0, func.lower(Claim.quote).like("%no%")))),
     Claim.quote),
    else_=literal(""),
)
_DISTINCT_CLAIMS = (
    select(Claim.incident_id, Claim.field, Claim.value, Claim.value_num, Claim.attributed_to, Claim.stance,
           _QUOTE_IF_READ.label("quote"), Claim.victims, Outlet.name)
    .distinct().join(Article, Claim.article_id == Article.id).join(Outlet, Article.outlet_id == Outlet.id)
    .where(Claim.incident_id.in_(bindparam("ids", expanding=True)), Claim.field.in_(_READ))
    .order_by(Claim.incident_id, Claim.field)
)
_ASSERTING = (  # who asserts anything in an incident (only asked when one of its denials denies the event)
    select(Claim.attributed_to, Outlet.name).distinct()
    .join(Article, Claim.article_id == Article.id).join(Outlet, Article.outlet_id == Outlet.id)
    .where(Claim.incident_id == bindparam("incident"), Claim.stance == "asserts", Claim.field != "note")
)
_per_outlet = (  # one row per (incident, outlet) with at least one report that is not a republication
    select(IncidentArticle.incident_id.label("incident_id"))
    .join(Article, IncidentArticle.article_id == Article.id).join(Outlet, Article.outlet_id == Outlet.id)
    .where(IncidentArticle.incident_id.in_(bindparam("ids", expanding=True)))
    .group_by(IncidentArticle.incident_id, Outlet.name)
    .having(func.count(Article.id) > func.count(Article.carrier_of))  # carriers skipped in SQL without a
    .subquery()                                                       # "carrier_of IS NULL" scan of articles
)
_OUTLET_COUNTS = select(_per_outlet.c.incident_id, func.count()).group_by(_per_outlet.c.incident_id)
_SET_STATUS = update(Incident.__table__).where(Incident.__table__.c.id == bindparam("incident"))

_ACROSS = ("denial", "perpetrator", "note")  # the fields `across_fields` compares, kept until an incident is done
Fields = dict[str, list[ClaimView]]  # one incident's claims of those fields


def _fields_by_incident(conn: Connection, ids: list[int]) -> Iterator[tuple[int, Fields | None]]:
    """Each incident's claims of the `_ACROSS` fields once each field was found undisputed, one incident at a time
    (rows streamed; a field only `field_disputed` reads is let go once checked); None for an incident found
    disputed on a field already (its remaining rows are skipped, not kept)."""
    current: int | None = None
    fields: Fields | None = {}
    seen: set[tuple[object, ...]] = set()
    name, claims = "", []
    for incident_id, field, value, num, holder, stance, quote, victims, outlet in conn.execute(
            _DISTINCT_CLAIMS.execution_options(yield_per=1000), {"ids": ids}):
        if incident_id != current or field != name:
            if fields is not None and claims and field_disputed(claims):
                fields = None  # settled: the rest of this incident is not looked at
            if incident_id != current:
                if current is not None:
                    yield current, fields
                current, fields = incident_id, {}
            name, claims, seen = field, [], set()
            if fields is not None and field in _ACROSS:
                fields[field] = claims
        if fields is None:
            continue
        view = ClaimView(0, field, value, num, None, holder, stance, quote, victims, None, 0, outlet, None, None)
        if quote:  # quotes that differ where the reconciler does not look are one claim for the status
            key = (value, num, holder, stance, victims, outlet, subgroup(view))
            if key in seen:
                continue
            seen.add(key)
        claims.append(view)
    if current is not None:
        yield current, None if fields is not None and claims and field_disputed(claims) else fields


def _asserting(conn: Connection, incident_id: int) -> list[ClaimView]:
    """The holders who assert anything in an incident (any field but notes), as claims `across_fields` reads."""
    return [ClaimView(0, "asserted", None, None, None, holder, "asserts", "", None, None, 0, outlet, None, None)
            for holder, outlet in conn.execute(_ASSERTING, {"incident": incident_id})]


def _disputed(conn: Connection, ids: list[int]) -> dict[int, bool]:
    """Whether each incident (of those with claims that count) holds a dispute. An incident whose denial denies
    the event is settled after the stream, once its asserting holders are read (one query each: rare)."""
    found: dict[int, bool] = {}
    later: dict[int, Fields] = {}
    for incident_id, fields in _fields_by_incident(conn, ids):
        if fields is None or not fields.get("denial"):
            found[incident_id] = fields is None
        elif across_fields([], fields):
            found[incident_id] = True
        elif denies_event(fields["denial"]):
            later[incident_id] = fields
        else:
            found[incident_id] = False
    for incident_id, fields in later.items():
        found[incident_id] = across_fields(_asserting(conn, incident_id), fields)
    return found


def refresh_statuses(s: Session, ids: list[int]) -> dict[int, str]:
    """Recompute and store the status of many incidents (ingest calls this for hundreds at a time) with at most
    two reads and one executemany; memory grows with the distinct claims of one incident's field (and of the fields
    compared with its denials), not with its reports. The result is `reconcile(...).status` of each incident
    (tests/briefings/test_status.py)."""
    if not ids:
        return {}
    conn = s.connection()
    disputed = _disputed(conn, ids)
    # outlets only where no dispute settled it: each link reads its report's row (at 1M nearly all the incidents a
    # batch touched were contested, and counting their outlets took 8-57 ms a refresh)
    calm = [i for i in ids if not disputed.get(i, False)]
    outlets = dict.fromkeys(calm, 0)
    if calm:
        outlets.update({i: n for i, n in conn.execute(_OUTLET_COUNTS, {"ids": calm})})
    found = {i: status_of(disputed.get(i, False), outlets.get(i, 0)) for i in ids}
    conn.execute(_SET_STATUS, [{"incident": i, "status": st} for i, st in found.items()])
    return found
