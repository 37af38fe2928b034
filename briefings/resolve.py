"""Resolution: an event frame from one article → an existing incident or a new one.

Candidates come from an indexed lookup on (place, start date) in incident_places, so the cost per
article does not grow with the size of the database. Core statements on the article's write connection (no ORM
unit of work): one query for candidate ids (a union of the place/date look-ups), two for the incidents not yet
read in this transaction and their places, then one insert or update (updates no look-up reads wait for the end of the
batch: `flush`).

Each assignment keeps its reasons (`Resolution.why`, stored with the report–incident link: `incident --why`), an
undated report that matches two incidents equally stays apart and names them (`Resolution.also`), and an analyst's
merge or split (briefings/manual.py) wins over the scores for later revisions of the reports it moved.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Connection, Integer, bindparam, insert, select, text, type_coerce, union_all, update

from briefings.db.models import Incident, IncidentPlace
from briefings.db.raw import Raw, insert_many
from briefings.extract.article import near
from briefings.extract.frames import RANK, Frame
from briefings.extract.types import Place
from briefings.knowledge.places import Gazetteer
from briefings.naming import incident_title as _title
from briefings.naming import slugify
from briefings.reasons import dated_reasons, undated_new, undated_reason
from briefings.resolution import Carried, Resolution, ResolvedIncident, Seen, Transaction, gap_days, primary_place
from briefings.undated import Evidence, evidence, pick

WINDOW_DAYS = 3  # reports of the same place within this many days are one incident
MAX_SPAN_DAYS = 7  # ...but one incident never grows beyond this span: weekly attacks at a place are not one event
ASSUMED_DAYS = 14  # a report whose text names no day may be published this long after the event (joined on evidence)
_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2, "none": 3}
_INCIDENTS = Incident.__table__
_PLACES = IncidentPlace.__table__
# Statements built once (their compiled form is cached by SQLAlchemy); values come as parameters.
LONGEST_DAYS = 400  # candidates start at most this long before the window: a year-precision incident still counts
_AT_PLACES = select(IncidentPlace.incident_id).where(IncidentPlace.place_id.in_(bindparam("places", expanding=True)))
# The index's own order, said: SQLite walks it anyway (no sort in the plan); PostgreSQL would otherwise keep any 50
_INDEX_ORDER = (IncidentPlace.place_id, IncidentPlace.start_date, IncidentPlace.id)
_IDS_UNDATED = _AT_PLACES.where(IncidentPlace.start_date.is_(None)).order_by(*_INDEX_ORDER).limit(50)
_IDS_ANY = _AT_PLACES.order_by(IncidentPlace.start_date.desc()).limit(50)  # an undated frame: the place's latest
# Both bounds on start_date: the (place_id, start_date) index scan covers ~a year of that place, never all its years.
_IDS_IN_WINDOW = _AT_PLACES.where(IncidentPlace.start_date.between(bindparam("earliest"), bindparam("hi")),
                                  IncidentPlace.end_date >= bindparam("lo")).order_by(*_INDEX_ORDER).limit(50)
# Incidents placed at a whole country ("strikes at four locations in eastern Syria"): a city report of the operation
_IDS_COUNTRY_LEVEL = select(Incident.id).where(Incident.place_id.in_(bindparam("countries", expanding=True)),
                                               Incident.start_date.between(bindparam("lo"), bindparam("hi"))).limit(20)
# One statement per frame for its candidate ids (a union of the look-ups above; each keeps its own LIMIT), then the
# incidents not yet read in this transaction and their places (below).
_ID_UNION_DATED = union_all(*(select(q.subquery().c[0]) for q in (_IDS_IN_WINDOW, _IDS_UNDATED)))
_ID_UNION_COUNTRY = union_all(*(select(q.subquery().c[0]) for q in (_IDS_IN_WINDOW, _IDS_UNDATED, _IDS_COUNTRY_LEVEL)))
# ...run once per frame, on the driver's cursor (briefings/db/raw.py: SQLAlchemy's own cost was twice the query's)
_RAW_DATED, _RAW_COUNTRY = Raw(_ID_UNION_DATED, ["places"]), Raw(_ID_UNION_COUNTRY, ["places", "countries"])
_RAW_ANY = Raw(_IDS_ANY, ["places"])
# The incidents (their dates parsed once each), then their places: ~10 place rows per incident, which used to repeat
# and re-parse the incident's four dates on every row. The flag is an integer, so place rows need no conversion.
_CANDIDATE_INCIDENTS = (
    select(Incident.id, Incident.slug, Incident.place_id, Incident.country, Incident.start_date, Incident.end_date,
           Incident.date_precision, Incident.event_types, Incident.first_report_at, Incident.last_report_at)
    .where(Incident.id.in_(bindparam("ids", expanding=True))).order_by(Incident.id)
)
_CANDIDATE_PLACES = (
    select(IncidentPlace.incident_id, IncidentPlace.place_id,
           type_coerce(IncidentPlace.start_date.is_not_distinct_from(Incident.start_date)
                       & IncidentPlace.end_date.is_not_distinct_from(Incident.end_date), Integer))
    .join(Incident, Incident.id == IncidentPlace.incident_id)
    .where(IncidentPlace.incident_id.in_(bindparam("ids", expanding=True)))
    .order_by(IncidentPlace.incident_id, IncidentPlace.id)
)
_RAW_CANDIDATE_INCIDENTS, _RAW_CANDIDATE_PLACES = Raw(_CANDIDATE_INCIDENTS, ["ids"]), Raw(_CANDIDATE_PLACES, ["ids"])
_LOCK_ALL = text("SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest(CAST(:keys AS bigint[])) AS u(k) "
                 "ORDER BY k) AS ordered")
_SLUG_OWNER = select(Incident.id).where(Incident.slug == bindparam("wanted"))
_RAW_SLUG_OWNER = Raw(_SLUG_OWNER)  # once per new incident or moved date
_INSERT_INCIDENT = insert(_INCIDENTS)
_UPDATE_INCIDENT = update(_INCIDENTS).where(_INCIDENTS.c.id == bindparam("incident"))  # SET: the other params
_UPDATE_PLACES = update(_PLACES).where(_PLACES.c.incident_id == bindparam("incident"))


CACHE_LIMIT = 100_000  # entries per look-up cache of a Resolver: memory stays bounded however long it runs


@dataclass
class Resolver:
    places: Gazetteer
    _near_cache: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _related_cache: dict[tuple[str, str], bool] = field(default_factory=dict)  # the gazetteer does not change
    carried: Carried = field(default_factory=Carried)  # incidents from this process's last write transaction

    def _related(self, a: Place, b: Place) -> bool:
        key = (a.id, b.id)
        found = self._related_cache.get(key)
        if found is None:
            if len(self._related_cache) >= CACHE_LIMIT:  # pairs of places: a long-running bot meets ever more
                self._related_cache.clear()
            found = self._related_cache[key] = a.id == b.id or near(a, b) or any(
                x.id == a.id for x in self.places.ancestors(b)) or any(x.id == b.id for x in self.places.ancestors(a))
        return found

    def _index_ids(self, frame: Frame) -> list[str]:
        specific = frame.specific() or [primary_place(frame)]
        ids = {p.id for p in specific}
        for p in specific:
            ids.update(a.id for a in self.places.ancestors(p) if RANK.get(a.kind, 0) >= 3)
            ids.update(self._neighbours(p.id))
        return sorted(ids)

    def _neighbours(self, place_id: str) -> tuple[str, ...]:
        """Specific places within NEAR_KM: an air base and the town beside it are one event's places."""
        if place_id not in self._near_cache:
            if len(self._near_cache) >= CACHE_LIMIT:
                self._near_cache.clear()
            p = self.places.get(place_id)
            self._near_cache[place_id] = tuple(
                q.id for q in self.places.nearby(p) if RANK.get(q.kind, 0) >= 3
            ) if p is not None and RANK.get(p.kind, 0) >= 3 else ()
        return self._near_cache[place_id]

    def candidates(self, conn: Connection, frame: Frame, seen: Seen) -> list[ResolvedIncident]:
        """Incidents with a row at one of the frame's places (or their neighbours) in the date window, by id."""
        places = self._index_ids(frame)
        if frame.start is not None and frame.end is not None:
            back = ASSUMED_DAYS if frame.assumed else WINDOW_DAYS
            lo, hi = frame.start - timedelta(days=back), frame.end + timedelta(days=WINDOW_DAYS)
            params = {"places": places, "lo": lo, "hi": hi, "earliest": lo - timedelta(days=LONGEST_DAYS)}
            if countries := self._countries(frame):  # incidents placed at the whole country count as well
                params["countries"] = countries
            rows = (_RAW_COUNTRY if countries else _RAW_DATED).scalars(conn, params)
        else:
            rows = _RAW_ANY.scalars(conn, {"places": places})
        ids = set(rows)
        self._read(conn, [i for i in ids if i not in seen], seen)  # read or written in this transaction: that counts
        return [seen[i] for i in sorted(ids) if i in seen]  # by id, as SQLite returned them before

    @staticmethod
    def _read(conn: Connection, ids: list[int], seen: Seen) -> None:
        """Incidents not yet in this transaction, with their places (each place row: does it carry its incident's
        dates?), in two statements."""
        if not ids:
            return
        wanted = {"ids": sorted(ids)}
        read = {row[0]: ResolvedIncident(*row) for row in _RAW_CANDIDATE_INCIDENTS.execute(conn, wanted)}
        for incident_id, place_id, carries in _RAW_CANDIDATE_PLACES.execute(conn, wanted):
            read[incident_id].places[place_id] = bool(carries)
        seen.update(read)

    def _countries(self, frame: Frame) -> list[str]:
        """The countries of a frame's specific places (none for a country-level frame)."""
        return sorted({a.id for p in frame.specific() for a in self.places.ancestors(p) if a.kind == "country"})

    def _country_level(self, inc: ResolvedIncident) -> bool:
        place = self.places.get(inc.place_id)
        return place is not None and place.kind == "country"

    def _theirs(self, inc: ResolvedIncident) -> list[Place]:
        """The incident's specific places (all its places when none is specific), made once per set of places."""
        if inc.compared[0] != len(inc.places):
            theirs = [p for p in map(self.places.get, inc.places) if p is not None]
            inc.compared = (len(inc.places), [p for p in theirs if RANK.get(p.kind, 0) >= 3] or theirs)
        return inc.compared[1]

    def _compatible(self, inc: ResolvedIncident, frame: Frame, mine: list[Place], primary: Place) -> bool:
        """`mine`: the frame's specific places (else its primary), made once per frame, not per candidate."""
        if not self._span_ok(inc, frame):
            return False
        theirs_specific = self._theirs(inc)
        if not any(self._related(a, b) for a in mine for b in theirs_specific):
            return False
        return not (frame.main or frame.claims) or self._same_focus(inc, frame, theirs_specific, primary)

    def _same_focus(self, inc: ResolvedIncident, frame: Frame, theirs: list[Place], mine: Place) -> bool:
        """The report is about the incident's place, not merely naming one of its places in passing: its main place
        is the incident's (or beside it), or each names the other's main place (one event at two bases). Without
        this, an incident that gathered a second city's name from one report would swallow that city's other
        events of the week, and grow from there. (A passing frame with no claims — "a day after the blasts" in a
        background line — keeps the looser rule: it may join an incident, but never starts one by being strict.)"""
        main = self.places.get(inc.place_id)
        if main is None or self._related(mine, main):
            return True
        if any(p.id in frame.focus and self._related(p, main) for p in frame.places):
            return True  # "Islamabad denied a role in the attack in Pahalgam": the event's place, named second
        return any(self._related(mine, b) for b in theirs) and any(self._related(main, a) for a in frame.places)

    @staticmethod
    def _span_ok(inc: ResolvedIncident, frame: Frame) -> bool:
        """Merging must not stretch a day-precision incident past MAX_SPAN_DAYS (no chaining of reports). An incident
        already longer (an analyst merged two) still takes reports that fall inside it."""
        if None in (inc.start_date, inc.end_date, frame.start, frame.end) or frame.precision != inc.date_precision:
            return True
        if frame.assumed or inc.date_precision != "day":  # an assumed date never moves the incident's (_merge);
            return True  # "in March 2022" twice is one month, not a 30-day stretch
        lo, hi = min(inc.start_date, frame.start), max(inc.end_date, frame.end)  # type: ignore[type-var]
        return (hi - lo).days <= max(MAX_SPAN_DAYS, (inc.end_date - inc.start_date).days)  # type: ignore[operator]

    def begin(self, conn: Connection, txn: Transaction) -> None:
        """At the start of a write transaction (write lock held): the incidents carried from the last one."""
        txn.seen, txn.stamp = self.carried.take(conn)

    def committed(self, txn: Transaction) -> None:
        """After its commit: carry its incidents to the next write transaction."""
        self.carried.keep(txn.seen, txn.stamp)

    def lock(self, conn: Connection, frames: list[Frame], txn: Transaction) -> None:
        """PostgreSQL: serialise resolution per place across processes (SQLite: BEGIN IMMEDIATE already does).
        A batch takes all its locks at once, in key order, so two writers never wait for each other in a cycle."""
        if conn.dialect.name != "postgresql":
            return
        keys = {zlib.crc32(pid.encode()) for frame in frames for pid in self._index_ids(frame)} - txn.held
        if keys:  # one round trip, taken in key order
            conn.execute(_LOCK_ALL, {"keys": sorted(keys)})
        txn.held |= keys

    def lock_places(self, conn: Connection, place_ids: list[str], txn: Transaction) -> None:
        """The same per-place locks as ingest (PostgreSQL): an analyst's merge or split never races a writer. It
        writes incidents, maybe on the connection ingest carries them for: what is carried is dropped."""
        self.carried.drop()
        keys = {zlib.crc32(pid.encode()) for pid in place_ids} - txn.held
        if conn.dialect.name == "postgresql" and keys:
            conn.execute(_LOCK_ALL, {"keys": sorted(keys)})
            txn.held |= keys

    def resolve(self, conn: Connection, frame: Frame, reported_at: datetime, txn: Transaction,
                url: str | None = None) -> Resolution:
        """The incident this frame belongs to (found or created), with the reasons of the choice."""
        self.lock(conn, [frame], txn)
        pinned = txn.pinned.get(url) if url else None
        if pinned is not None and frame.main and pinned.to is not None:
            target = self._pinned_target(conn, pinned.to, txn.seen)
            if target is not None:
                self._merge(conn, target, frame, reported_at, txn)
                return Resolution(target, pinned.why)
        best: ResolvedIncident | None = None
        best_key: tuple[int, int] | None = None
        primary = primary_place(frame)
        specific = frame.specific()
        mine = specific or [primary]
        across: list[tuple[int, Evidence]] = []  # dated with undated: joined only on evidence (undated.py)
        for inc in self.candidates(conn, frame, txn.seen):
            if (pinned is not None and inc.id in pinned.away) or not self._compatible(inc, frame, mine, primary):
                continue
            gap = gap_days(inc, frame)
            if specific and self._country_level(inc):  # a city report meets a country-wide operation
                txn.before_read()  # evidence reads the claims of this transaction too
                ev = evidence(conn, inc.id, inc.place_id, inc.event_types, frame, primary.id)
                if ev.specific and gap <= WINDOW_DAYS:  # the same figures: one operation, reported at two scales
                    across.append((inc.id, ev))
                continue
            # an undated side, or published days later with no day named: evidence decides
            if frame.start is None or inc.start_date is None or (frame.assumed and gap > WINDOW_DAYS):
                txn.before_read()
                ev = evidence(conn, inc.id, inc.place_id, inc.event_types, frame, primary.id, inc.start_date,
                              inc.end_date)
                if ev.specific or not (frame.assumed and inc.start_date is not None):  # days apart: place is not enough
                    across.append((inc.id, ev))
                continue
            key = (0 if inc.place_id == primary.id else 1, gap)
            if best_key is None or key < best_key:
                best, best_key = inc, key
        also: list[tuple[int, Evidence]] = []
        if best is not None:
            why = dated_reasons(self.places, best, frame, primary, gap_days(best, frame), WINDOW_DAYS)
        elif across:
            chosen, also = pick(across)
            if chosen is not None:  # candidates() returns incidents of txn.seen only
                best, why = txn.seen[chosen], undated_reason(dict(across)[chosen])
        if best is None:
            created = self._create(conn, frame, primary, reported_at, txn.seen)
            return Resolution(created, undated_new(primary, frame, [(txn.seen[i].slug, e) for i, e in also]),
                              tuple((i, undated_reason(e)) for i, e in also))
        self._merge(conn, best, frame, reported_at, txn)
        return Resolution(best, why)

    def _pinned_target(self, conn: Connection, incident_id: int, seen: Seen) -> ResolvedIncident | None:
        """The incident an analyst moved a report to, if it still exists (read like a candidate)."""
        if incident_id not in seen:
            self._read(conn, [incident_id], seen)
        return seen.get(incident_id)

    def _create(self, conn: Connection, frame: Frame, primary: Place, reported_at: datetime,
                seen: Seen) -> ResolvedIncident:
        now = datetime.now(timezone.utc)
        values = dict(
            slug=self._unique_slug(conn, primary, frame.start, frame.precision),
            title=_title(frame, primary, self.places), place_id=primary.id, place_name=primary.name,
            admin1=primary.admin1, country=primary.country, lat=primary.lat, lon=primary.lon,
            start_date=frame.start, end_date=frame.end, date_precision=frame.precision or "none",
            event_types=",".join(dict.fromkeys(frame.types)), status="single-source",
            first_report_at=reported_at, last_report_at=reported_at, created_at=now, updated_at=now,
        )
        new_id = conn.execute(_INSERT_INCIDENT, values).inserted_primary_key[0]
        inc = seen[new_id] = ResolvedIncident(
            new_id, values["slug"], primary.id, primary.country, frame.start, frame.end, values["date_precision"],
            values["event_types"], reported_at, reported_at)
        self._add_places(conn, inc, frame)
        return inc

    def _merge(self, conn: Connection, inc: ResolvedIncident, frame: Frame, reported_at: datetime,
               txn: Transaction) -> None:
        before = (inc.slug, inc.start_date, inc.end_date, inc.date_precision)
        finer = _PRECISION_ORDER.get(frame.precision or "none", 3) < _PRECISION_ORDER.get(inc.date_precision, 3)
        if frame.start is not None and frame.end is not None and not (frame.assumed and inc.start_date is not None):
            if finer or inc.start_date is None:
                inc.start_date, inc.end_date, inc.date_precision = frame.start, frame.end, frame.precision or "day"
                primary = self.places.get(inc.place_id)
                if primary is not None:
                    inc.slug = self._unique_slug(conn, primary, inc.start_date, inc.date_precision, keep=inc.id)
            elif frame.precision == inc.date_precision:
                inc.start_date = min(inc.start_date, frame.start) if inc.start_date else frame.start
                inc.end_date = max(inc.end_date, frame.end) if inc.end_date else frame.end
        types = [t for t in inc.event_types.split(",") if t] + frame.types
        inc.event_types = ",".join(dict.fromkeys(types))
        inc.first_report_at = min(_aware(inc.first_report_at) or reported_at, reported_at)
        inc.last_report_at = max(_aware(inc.last_report_at) or reported_at, reported_at)
        # Slug and dates are read back by later look-ups of this transaction (_SLUG_OWNER, the country-level
        # candidates): written at once. The rest (types, report times) only after the transaction: written by
        # `flush`, once per incident however many reports of the batch joined it.
        if txn.dirty is None or before != (inc.slug, inc.start_date, inc.end_date, inc.date_precision):
            conn.execute(_UPDATE_INCIDENT, _incident_values(inc))
            if txn.dirty is not None:
                txn.dirty.pop(inc.id, None)
        else:
            txn.dirty[inc.id] = inc
        self._add_places(conn, inc, frame)

    @staticmethod
    def flush(conn: Connection, txn: Transaction) -> None:
        """Write the incident updates `_merge` deferred (one executemany), before the transaction commits."""
        if txn.dirty:
            conn.execute(_UPDATE_INCIDENT, [_incident_values(inc) for inc in txn.dirty.values()])
            txn.dirty.clear()

    def _add_places(self, conn: Connection, inc: ResolvedIncident, frame: Frame) -> None:
        """Rows for places not yet linked; every row of the incident carries the incident's dates."""
        dates = (inc.start_date, inc.end_date)
        if inc.places and (inc.row_dates != dates or not all(inc.places.values())):
            conn.execute(_UPDATE_PLACES, {"incident": inc.id, "start_date": inc.start_date, "end_date": inc.end_date})
            inc.places = dict.fromkeys(inc.places, True)
        inc.row_dates = dates
        rows = []
        for p in frame.places:
            for q in (p, *self.places.ancestors(p)):
                if q.id not in inc.places:
                    inc.places[q.id] = True
                    rows.append({"incident_id": inc.id, "place_id": q.id, "place_name": q.name,
                                 "start_date": inc.start_date, "end_date": inc.end_date})
        if rows:
            insert_many(conn, _PLACES, rows)

    def _unique_slug(
        self, conn: Connection, place: Place, start: date | None, precision: str | None, keep: int | None = None
    ) -> str:
        if start is None:
            stamp = "undated"
        elif precision == "month":
            stamp = start.strftime("%Y-%m")
        elif precision == "year":
            stamp = start.strftime("%Y")
        else:
            stamp = start.isoformat()
        base = f"{slugify(place.name)}-{stamp}"
        slug, n = base, 1
        while True:
            other = next(iter(_RAW_SLUG_OWNER.scalars(conn, {"wanted": slug})), None)
            if other is None or other == keep:
                return slug
            n += 1
            slug = f"{base}-{n}"


def _incident_values(inc: ResolvedIncident) -> dict[str, object]:
    return {"incident": inc.id, "slug": inc.slug, "start_date": inc.start_date, "end_date": inc.end_date,
            "date_precision": inc.date_precision, "event_types": inc.event_types,
            "first_report_at": inc.first_report_at, "last_report_at": inc.last_report_at,
            "updated_at": datetime.now(timezone.utc)}


def _aware(dt: datetime | None) -> datetime | None:
    if dt is not None and dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt


