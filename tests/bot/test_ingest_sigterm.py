"""SIGTERM during `briefbot ingest` (a real subprocess): it stops after the reports already stored, says so,
and running the same command again ends with exactly what one uninterrupted ingest stores."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from briefings.bench import fallback_places
from briefings.bench.gen import generate
from tests.adapters.test_console import briefbot_command

REPORTS = 400


def write_reports(folder: Path) -> Path:
    folder.mkdir()
    for n, article in enumerate(generate(REPORTS, fallback_places(), seed=21)):
        (folder / f"report-{n:04d}.json").write_text(json.dumps(article.record()), encoding="utf-8")
    return folder


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "SLACK_", "DISCORD_")) or k == "BRIEFBOT_CACHE_DIR"}
    return env | {"BRIEFBOT_HOME": str(home), "PYTHONUNBUFFERED": "1"}


def counts(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as c:
        return {
            "articles": c.execute("SELECT count(*) FROM articles").fetchone()[0],
            "claims": c.execute("SELECT count(*) FROM claims").fetchone()[0],
            "incidents": sorted(c.execute("SELECT slug, status FROM incidents").fetchall()),
            "links": c.execute("SELECT count(*) FROM incident_articles").fetchone()[0],
        }


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
            return int(c.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def ingest(folder: Path, db: Path, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*briefbot_command(), "ingest", str(folder), "--db", f"sqlite:///{db}"], cwd=home,
                            env=env_for(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_sigterm_during_an_ingest_loses_nothing_and_a_rerun_completes_it(tmp_path: Path) -> None:
    folder = write_reports(tmp_path / "reports")
    interrupted, clean = tmp_path / "interrupted.sqlite3", tmp_path / "clean.sqlite3"

    proc = ingest(folder, interrupted, tmp_path)
    deadline = time.monotonic() + 120
    while stored(interrupted) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be interrupted; raise REPORTS"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, (out, err)
    assert "Stopped by SIGTERM" in err and "Run the same command again" in err and "Traceback" not in err
    part = counts(interrupted)
    assert 0 < part["articles"] < REPORTS  # type: ignore[operator]

    again = ingest(folder, interrupted, tmp_path)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    whole = ingest(folder, clean, tmp_path)
    whole.communicate(timeout=300)
    assert whole.returncode == 0
    assert counts(interrupted) == counts(clean)
