"""The world gazetteer: GeoNames places read from an index file built once (knowledge/worldbuild.py).

Read-only SQLite: a look-up is one indexed query, the process holds no list of the world in memory, and several
processes share the file through the OS page cache.
"""
from __future__ import annotations

import logging
import math
import os
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefings.extract.types import Place
from briefings.knowledge.worldbuild import VERSION, Progress, build

log = logging.getLogger(__name__)
_BUILD_LOCK = threading.Lock()
KEY_CACHE = 100_000  # name keys whose look-up answers a process remembers
_NOT_ASKED = object()


@dataclass(frozen=True)
class WorldRow:
    """One way a text can name a world place: the place, whether the name is its main one, and how common the
    name is as an English word (wordfreq zipf; 0 for names of several words)."""

    place: Place
    cc: str
    population: int
    main: bool
    zipf: float


def default_cache_dir() -> Path:
    env = os.environ.get("BRIEFBOT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefbot"


def index_path(cache_dir: Path | None = None) -> Path:
    return (cache_dir or default_cache_dir()) / f"{VERSION}.sqlite3"


class WorldIndex:
    """Exact look-ups of normalised name keys, places by id, places near a point."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._countries: dict[str, str] | None = None
        self.place = lru_cache(maxsize=20000)(self._place)  # type: ignore[method-assign]
        self._keys: dict[str, tuple[WorldRow, ...]] = {}  # key -> rows (none for most capitalised words), see lookup
        self._demonyms: dict[str, str | None] = {}  # key -> country code or None, see demonym_map
        self._begins: dict[str, bool] = {}  # word key -> whether a name is it or starts with it, see begins

    @classmethod
    def open(cls, cache_dir: Path | None = None, progress: Progress | None = None) -> WorldIndex:
        """The index, built first when this machine has none (about 20 s, once)."""
        path = index_path(cache_dir)
        if not path.exists():
            with _BUILD_LOCK:
                if not path.exists():
                    say = progress or (lambda m: log.warning("world gazetteer: %s", m))
                    say(f"building the world gazetteer once, in {path} (about 20 s) …")
                    build(path, say)
        return cls(path)

    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def __getstate__(self) -> dict[str, object]:  # worker processes open their own connection
        return {"path": self.path}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["path"])  # type: ignore[misc, arg-type]

    def _place(self, pid: str) -> Place | None:
        row = self._db.execute("SELECT id, name, kind, cc, country, admin1, parent, lat, lon FROM place WHERE id = ?",
                               (pid,)).fetchone()
        return None if row is None else _to_place(row)

    def population(self, pid: str) -> int:
        row = self._db.execute("SELECT pop FROM place WHERE id = ?", (pid,)).fetchone()
        return int(row[0] or 0) if row else 0

    def lookup(self, keys: list[str]) -> dict[str, list[WorldRow]]:
        """Every place each key names, most populous first (keys naming none are left out).

        The answers are remembered (the index is read-only): news repeats its names, so after the first reports
        most sentences need no query at all. The memory is bounded by emptying it at KEY_CACHE keys."""
        named = sorted(self.named(keys).items(), key=lambda kr: -kr[1][0].population)
        return {k: list(r) for k, r in named}  # biggest place first, the order one query gave

    def named(self, keys: list[str]) -> dict[str, tuple[WorldRow, ...]]:
        """`lookup` for the scan of each sentence: the keys that name a place, in no order, with their places
        (most populous first) as remembered."""
        if not keys:
            return {}
        known = self._keys  # read with get(): another thread may empty it meanwhile
        out: dict[str, tuple[WorldRow, ...]] = {}
        missing: list[str] = []
        for k in keys:
            rows = known.get(k, _NOT_ASKED)
            if rows is _NOT_ASKED:
                missing.append(k)
            elif rows:
                out[k] = rows  # type: ignore[assignment]
        if missing:
            missing = list(dict.fromkeys(missing))
            if len(known) + len(missing) > KEY_CACHE:
                known.clear()
            found: dict[str, list[WorldRow]] = {}
            marks = ",".join("?" * len(missing))
            for row in self._db.execute(
                "SELECT a.key, a.main, a.zipf, p.id, p.name, p.kind, p.cc, p.country, p.admin1, p.parent, p.lat, "
                f"p.lon, p.pop FROM alias a JOIN place p ON p.id = a.id WHERE a.key IN ({marks}) ORDER BY p.pop DESC",
                missing,
            ):
                place = _to_place(row[3:12])  # the join already read the place: no second query per row
                found.setdefault(row[0], []).append(WorldRow(place, row[6], int(row[12] or 0), bool(row[1]), row[2]))
            for k in missing:
                rows = known[k] = tuple(found.get(k, ()))
                if rows:
                    out[k] = rows  # type: ignore[assignment]
        return out

    def begins(self, word: str) -> bool:
        """Whether some name is this word key or starts with it and a space: a capitalised word that begins none
        ("Officials", "Separately") starts no place name, whatever follows it. One indexed probe per distinct word,
        remembered like `lookup`."""
        known = self._begins
        got = known.get(word)
        if got is None:
            if len(known) >= KEY_CACHE:
                known.clear()
            got = known[word] = self._db.execute(  # the key itself, or "word ..." (" " sorts before "!")
                "SELECT 1 FROM alias WHERE key >= ? AND key < ? LIMIT 1", (word, word + "!")).fetchone() is not None
        return got

    def keys_from(self, prefix: str, limit: int = 4000) -> list[tuple[str, str]]:
        """(key, place id) of names starting with `prefix`: the pool for fuzzy user look-ups."""
        hi = prefix + "\uffff"
        return list(self._db.execute("SELECT key, id FROM alias WHERE key >= ? AND key < ? LIMIT ?",
                                     (prefix, hi, limit)))

    def demonym_map(self, keys: list[str]) -> dict[str, str]:
        """Demonym key -> country code ("ukrainian" -> UA), for the keys that are demonyms."""
        if not keys:
            return {}
        known = self._demonyms
        got = {k: v for k in keys if (v := known.get(k, _NOT_ASKED)) is not _NOT_ASKED}  # type: ignore[misc]
        missing = [k for k in dict.fromkeys(keys) if k not in got]
        if missing:
            if len(known) + len(missing) > KEY_CACHE:
                known.clear()
            marks = ",".join("?" * len(missing))
            found = dict(self._db.execute(  # a demonym two countries share ("Indian") names the more populous one
                f"SELECT d.key, d.cc FROM demonym d LEFT JOIN place p ON p.id = 'c:' || d.cc WHERE d.key IN ({marks}) "
                "ORDER BY coalesce(p.pop, 0)", missing))
            for k in missing:
                known[k] = got[k] = found.get(k)
        return {k: cc for k, cc in got.items() if cc is not None}

    def capital(self, cc: str) -> Place | None:
        row = self._db.execute("SELECT id FROM capital WHERE cc = ?", (cc,)).fetchone()
        return self.place(row[0]) if row else None

    def country_code(self, country_name: str) -> str | None:
        if self._countries is None:  # 250 rows, read once: the place table has no index on name
            self._countries = dict(self._db.execute("SELECT name, cc FROM place WHERE kind = 'country'").fetchall())
        return self._countries.get(country_name)

    def near(self, lat: float, lon: float, km: float, limit: int = 50) -> list[Place]:
        """Towns and cities within `km` of a point, most populous first."""
        dlat = km / 111.0
        dlon = km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        rows = self._db.execute(
            "SELECT id, name, kind, cc, country, admin1, parent, lat, lon FROM place WHERE lat BETWEEN ? AND ? "
            "AND lon BETWEEN ? AND ? AND kind IN ('city', 'town') ORDER BY pop DESC LIMIT ?",
            (lat - dlat, lat + dlat, lon - dlon, lon + dlon, limit * 2),
        )
        out = [_to_place(r) for r in rows]
        return [p for p in out if haversine(lat, lon, p.lat, p.lon) <= km][:limit]  # type: ignore[arg-type]


def _to_place(row: tuple) -> Place:  # type: ignore[type-arg]
    pid, name, kind, _cc, country, admin1, parent, lat, lon = row
    return Place(id=pid, name=name, kind=kind, country=country, admin1=admin1, lat=lat, lon=lon, parent=parent)


def haversine(la1: float, lo1: float, la2: float, lo2: float) -> float:
    p1, p2, dp, dl = map(math.radians, (la1, la2, la2 - la1, lo2 - lo1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
