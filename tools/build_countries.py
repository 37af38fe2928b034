#!/usr/bin/env python3
"""Write briefings/data/countries.tsv: per ISO country code, its demonyms and other names.

Maintainer tool; its output ships with the package. Source: the countryinfo package's per-country JSON (demonym,
altSpellings). Run: pip download --no-deps countryinfo && unzip countryinfo-*.whl && python tools/build_countries.py countryinfo/data
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "briefings" / "data" / "countries.tsv"


def main(folder: str) -> None:
    rows = []
    for f in sorted(Path(folder).glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        if not iso:
            continue
        dem = d.get("demonym") or ""
        alts = [a for a in d.get("altSpellings", []) if len(a) > 3 and not a.isupper() and a != d.get("name")]
        rows.append((iso, d.get("name", ""), dem, "|".join(alts)))
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# ISO code, name, demonym, other names. Built by tools/build_countries.py from countryinfo (MIT).\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    print(f"{len(rows)} countries -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
