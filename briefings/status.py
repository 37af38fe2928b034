"""Keep incident statuses current after ingest, in memory bounded by what the status depends on.

An incident's status (single-source | corroborated | contested) depends only on the distinct claims its sources
make, not on how many reports repeat them: a wire story republished a thousand times, or hostile input piling
tens of thousands of similar claims into one incident, must not load every claim and quote (issue 15: one
refresh of the biggest incidents took RSS from 68 MB to 566 MB). So the database returns each distinct
(field, value, qualifier, holder, stance, victims, outlet) once per incident; the quote only where the
reconciler reads it (a casualty figure that may be about part of the victims, a target that may be a launch
site), pre-filtered by a word the regexes require; and independent outlets are counted in SQL.
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import and_, bindparam, case, func, literal, or_, select, update
from sqlalchemy.orm import Session

from briefings.compat import launch_site, subgroup
from briefings.db.models import Article, Claim, Incident, IncidentArticle, Outlet
from briefings.reconcile import ClaimView, status

_FIGURES = ("killed", "wounded", "missing")  # the fields `compat.subgroup` reads the quote of
_QUOTE_IF_READ = case(  # a superset of the quotes the reconciler's regexes can match; '' for the rest
    (and_(Claim.field.in_(_FIGURES), Claim.value_num.is_not(None),
          or_(func.lower(Claim.quote).like("%of%"), and_(Claim.value_num == 0, func.lower(Claim.quote).like("%no%")))),
     Claim.quote),
    (and_(Claim.field == "target", func.lower(Claim.quote).like("%from%")), Claim.quote),
    else_=literal(""),
)
_DISTINCT_CLAIMS = (
    select(Claim.incident_id, Claim.field, Claim.value, Claim.value_num, Claim.qualifier, Claim.attributed_to,
           Claim.stance, _QUOTE_IF_READ.label("quote"), Claim.victims, Claim.reference, Outlet.name)
    .distinct().join(Article, Claim.article_id == Article.id).join(Outlet, Article.outlet_id == Outlet.id)
    .where(Claim.incident_id.in_(bindparam("ids", expanding=True))).order_by(Claim.incident_id)
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


def _claims_by_incident(s: Session, ids: list[int]) -> Iterator[tuple[int, list[ClaimView]]]:
    """Each incident's distinct claims, one incident at a time (rows streamed, not all fetched at once)."""
    current: int | None = None
    kept: dict[tuple[object, ...], ClaimView] = {}
    for incident_id, field, value, num, qualifier, holder, stance, quote, victims, reference, outlet in s.execute(
            _DISTINCT_CLAIMS.execution_options(yield_per=1000), {"ids": ids}):
        if incident_id != current:
            if current is not None:
                yield current, list(kept.values())
            current, kept = incident_id, {}
        view = ClaimView(0, field, value, num, qualifier, holder, stance, quote, victims, reference, 0, outlet, None, None)
        # quotes that differ where the reconciler does not look are one claim for the status
        key = (field, value, num, qualifier, holder, stance, victims, reference, outlet, subgroup(view),
               launch_site(view))
        kept.setdefault(key, view)
    if current is not None:
        yield current, list(kept.values())


def refresh_statuses(s: Session, ids: list[int]) -> dict[int, str]:
    """Recompute and store the status of many incidents (ingest calls this for hundreds at a time) with two
    reads and one executemany; memory grows with the distinct claims of one incident, not with its reports."""
    if not ids:
        return {}
    outlets = dict.fromkeys(ids, 0)
    outlets.update({i: n for i, n in s.execute(_OUTLET_COUNTS, {"ids": ids})})
    found = {i: status(claims, outlets[i]) for i, claims in _claims_by_incident(s, ids)}
    found = {i: found[i] if i in found else status([], outlets[i]) for i in ids}
    s.execute(_SET_STATUS, [{"incident": i, "status": st} for i, st in found.items()])
    return found
