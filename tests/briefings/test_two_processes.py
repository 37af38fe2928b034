"""Two real processes ingesting the same reports into one database: every report stored once, every
incident created once (issue 6, acceptance 2). Runs on SQLite and, in the second CI run, on PostgreSQL."""
from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

from sqlalchemy import func, select

from briefings import Engine
from briefings.db.models import Article, Incident, IncidentPlace

WORKER = """
import json, sys
from briefings import Engine
eng = Engine(sys.argv[1])
paths = json.loads(sys.argv[2])
report = eng.ingest(paths)
print(json.dumps([[o.source, o.status, o.reason] for o in report.outcomes]))
eng.close()
"""

REPO = Path(__file__).resolve().parents[2]


def _corpus(tmp: Path) -> list[str]:
    """The sample corpus plus synthetic reports about the same few places, so processes collide on incidents."""
    paths = sorted(str(p) for p in (Path(str(resources.files("briefings") / "data" / "sample"))).glob("*.txt"))
    towns = ["Hilla", "Ramadi", "Fallujah", "Samarra", "Tikrit", "Baqubah"]
    for i in range(36):
        town = towns[i % len(towns)]
        day = 10 + (i % 3)
        p = tmp / f"r{i:02d}.txt"
        p.write_text(
            f"outlet: Outlet {i % 5} (sample)\npublished: 2025-05-{day:02d}\n---\n"
            f"{i % 4 + 1} people were killed and {i % 7 + 2} wounded in a rocket attack in {town} on Friday, "
            f"police sources told Outlet {i % 5}.\nA local official said the rockets were fired from farmland "
            f"north of {town}. Report number {i} of the day.\n"
        )
        paths.append(str(p))
    return paths


def test_two_processes_share_ingest_without_duplicates(db_url: str, tmp_path: Path) -> None:
    paths = _corpus(tmp_path)
    Engine(db_url).close()  # migrate once before the race, as a deployment would
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, db_url, json.dumps(order)], cwd=REPO,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for order in (paths, list(reversed(paths)))
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    firsts: dict[str, list[str]] = {}
    for outcomes in results:
        for source, status, reason in outcomes:
            assert status != "rejected", (source, reason)
            if status in ("new", "carrier"):
                firsts.setdefault(source, []).append(status)
    assert sorted(firsts) == sorted(paths), "every report stored by exactly one of the two processes"
    assert all(len(v) == 1 for v in firsts.values()), {k: v for k, v in firsts.items() if len(v) > 1}
    eng = Engine(db_url)
    with eng.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == len(paths)
        slugs = list(s.scalars(select(Incident.slug)))
        per_place_day = s.execute(
            select(IncidentPlace.place_id, Incident.start_date, func.count())
            .join(Incident, Incident.id == IncidentPlace.incident_id)
            .where(Incident.place_id == IncidentPlace.place_id)
            .group_by(IncidentPlace.place_id, Incident.start_date)
        ).all()
    assert len(slugs) == len(set(slugs))
    assert all(n == 1 for _place, _day, n in per_place_day), per_place_day
    hilla = eng.incident("hilla").data["incident"]
    reports = len(hilla["articles"]) + sum(len(a["carriers"]) for a in hilla["articles"])
    assert hilla["status"] == "contested" and reports == 6
    eng.close()
