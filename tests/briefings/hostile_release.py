"""Release check of issue 15 through the real CLI: `briefbot ingest` over ≥ 10,000 hostile inputs, in chunks.

Each chunk is one `briefbot ingest FILE...` process under `/usr/bin/time -v` (peak RSS, CPU time). A chunk of at
most 100 inputs using at most 60 s of CPU proves no input of it computed longer; a wall-clock limit (default 300 s)
catches an input that blocks without computing. CPU time, not wall time, is the measure because a shared machine
can slow a process many times over without anything in it hanging. Afterwards every record is
accounted for from what a user sees: the summary line (new, duplicate, carriers, revisions, rejected), the
`rejected SOURCE: reason` lines on stderr, and the stored articles' source paths (`file` or `file#3`).
Invariants: the summary's counts add up to the records the generator put in each file (at least one for inputs
whose record count cannot be known, such as random bytes); every input file has an outcome; no reason says
"internal error" or "as a bug"; no chunk exceeds its time limit.

    PYTHONPATH=. .venv/bin/python tests/briefings/hostile_release.py --count 10000 --out /tmp/briefbot-release
"""
from __future__ import annotations

import argparse
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from briefings.ingest.sanitize import safe
from tests.briefings.hostile import Generated, generate, special_files

_SUMMARY = re.compile(r"new (\d+), duplicate (\d+), (?:revisions (\d+), )?carriers (\d+), rejected (\d+)")
_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
_CPU = re.compile(r"(?:User|System) time \(seconds\): ([\d.]+)")
_REJECTED = re.compile(r"^rejected (.*?): (.*)$")


def _file_of(source: str, paths: set[str]) -> str | None:
    """'dir/07-mixed.jsonl#3' -> 'dir/07-mixed.jsonl' (file names may hold '#' and ':', hence the lookup)."""
    if source in paths:
        return source
    head = source.rsplit("#", 1)[0]
    return head if head in paths else None


def run_chunk(cli: str, db: str, chunk: list[Generated], limit: float) -> dict[str, object]:
    """Ingest one chunk in one CLI process; what the user sees, parsed."""
    paths = [str(g.path) for g in chunk]
    started = time.monotonic()
    try:
        done = subprocess.run(["/usr/bin/time", "-v", cli, "ingest", "--db", db, *paths], capture_output=True,
                              timeout=limit, env=None)
        out, err, code = done.stdout.decode(errors="replace"), safe(done.stderr.decode(errors="surrogateescape")), \
            done.returncode
    except subprocess.TimeoutExpired as exc:
        out, err, code = (exc.stdout or b"").decode(errors="replace"), (exc.stderr or b"").decode(errors="replace"), -1
    took = time.monotonic() - started
    summary = _SUMMARY.search(out)
    rss = _RSS.search(err)
    rejected = [(m.group(1), m.group(2)) for line in err.splitlines() if (m := _REJECTED.match(line))]
    cpu = sum(float(x) for x in _CPU.findall(err))
    return {"took": took, "cpu": cpu, "code": code, "rss_mb": int(rss.group(1)) / 1024 if rss else None, "rejected": rejected,
            "counts": [int(x or 0) for x in summary.groups()] if summary else None, "stderr": err[-2000:]}


def check_chunk(res: dict[str, object], chunk: list[Generated], stored: dict[str, int], limit: float) -> list[str]:
    """Invariant failures of one chunk (empty when all hold)."""
    bad: list[str] = []
    counts = res["counts"]
    if res["code"] == -1 or not isinstance(counts, list):
        return [f"chunk starting {chunk[0].path}: no summary (timed out or crashed): {res['stderr']}"]
    if float(res["cpu"]) > limit:  # type: ignore[arg-type]
        bad.append(f"chunk starting {chunk[0].path}: {res['cpu']:.0f} s of CPU")
    paths = {safe(str(g.path)) for g in chunk}  # stored and printed names: a name that is not UTF-8 gets U+FFFD
    seen = dict.fromkeys(paths, 0)
    for source, reason in res["rejected"]:  # type: ignore[attr-defined]
        if "internal error" in reason or "as a bug" in reason:
            bad.append(f"{source}: {reason}")
        if (f := _file_of(source, paths)) is not None:
            seen[f] += 1
    for source, n in stored.items():
        if (f := _file_of(source, paths)) is not None:
            seen[f] += n
    new, duplicate, revisions, carriers, rejected = counts
    if new + revisions + carriers != sum(n for s, n in stored.items() if _file_of(s, paths)):
        bad.append(f"chunk starting {chunk[0].path}: stored rows do not match the summary {counts}")
    if rejected != len(res["rejected"]):  # type: ignore[arg-type]
        bad.append(f"chunk starting {chunk[0].path}: {len(res['rejected'])} rejected lines, summary says {rejected}")
    missing = 0  # records of known count neither stored nor rejected: duplicates, or lost
    for g in chunk:
        found = seen[safe(str(g.path))]
        if g.expected is not None:
            if found > g.expected:
                bad.append(f"{g.path}: {found} outcomes, expected {g.expected}")
            missing += g.expected - found
        elif found == 0:
            missing += 1  # its one outcome at least must be a duplicate
    if missing > duplicate:
        bad.append(f"chunk starting {chunk[0].path}: {missing - duplicate} records lost (summary {counts})")
    return bad


def _stored(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {s: n for s, n in conn.execute("SELECT source_path, count(*) FROM articles GROUP BY source_path")}


def main() -> None:  # pragma: no cover - the release check, run by hand
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/briefbot-release"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=100, help="inputs per CLI process")
    parser.add_argument("--limit", type=float, default=60.0, help="CPU seconds a chunk may take")
    parser.add_argument("--wall", type=float, default=300.0, help="wall-clock seconds a chunk may take")
    parser.add_argument("--cli", default=str(Path(sys.executable).parent / "briefbot"))
    args = parser.parse_args()
    inputs = args.out / "inputs"
    files = special_files(args.out / "special") + generate(inputs, args.count, args.seed)
    db = args.out / "release.sqlite"
    for stale in args.out.glob("release.sqlite*"):
        stale.unlink()
    started, problems, peak, slowest, busiest, totals = time.monotonic(), [], 0.0, 0.0, 0.0, [0] * 5
    for n in range(0, len(files), args.chunk):
        chunk = files[n:n + args.chunk]
        res = run_chunk(args.cli, f"sqlite:///{db}", chunk, args.wall)
        problems += check_chunk(res, chunk, _stored(db), args.limit)
        peak, slowest = max(peak, float(res["rss_mb"] or 0)), max(slowest, float(res["took"]))  # type: ignore[arg-type]
        busiest = max(busiest, float(res["cpu"]))  # type: ignore[arg-type]
        if isinstance(res["counts"], list):
            totals = [a + b for a, b in zip(totals, res["counts"], strict=True)]
        print(f"{n + len(chunk)} inputs in {time.monotonic() - started:.0f} s: new {totals[0]}, duplicate {totals[1]}, "
              f"revisions {totals[2]}, carriers {totals[3]}, rejected {totals[4]} ({sum(totals)} records); "
              f"slowest chunk {slowest:.1f} s ({busiest:.1f} s CPU at most); peak RSS {peak:.0f} MB; {len(problems)} invariant failures", flush=True)
    for line in problems[:50]:
        print("  ", line)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
