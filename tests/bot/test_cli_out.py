"""`briefbot export` and `briefbot chart` on a real database (issue 20): files written, read back, clear errors."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import make_app
from briefings.engine import Engine
from tests.briefings.test_chart import REPORTS, write_reports


@pytest.fixture()
def db(tmp_path: Path, db_url: str) -> str:
    engine = Engine(db_url)
    engine.ingest(write_reports(tmp_path, REPORTS))
    engine.close()
    return db_url


def cli(*args: str) -> object:
    return CliRunner().invoke(make_app(), list(args))


def test_export_csv_to_a_file_round_trips(db: str, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    result = cli("export", "--db", db, "--place", "Kirkuk", "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert f"{len(rows)} claim row(s) written to {out}" in result.output  # type: ignore[attr-defined]
    assert {r["value"] for r in rows if r["field"] == "wounded"} == {"9", "12"}


def test_export_geojson_to_stdout(db: str) -> None:
    result = cli("export", "--db", db, "--format", "geojson", "--since", "30d")
    assert result.exit_code == 0
    text = result.stdout  # type: ignore[attr-defined]
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 1


def test_an_unknown_format_or_period_is_refused_clearly(db: str) -> None:
    assert cli("export", "--db", db, "--format", "xlsx").exit_code == 2  # type: ignore[attr-defined]
    result = cli("export", "--db", db, "--since", "the dawn of time")
    assert result.exit_code == 2 and "--since" in result.output  # type: ignore[attr-defined]


def test_chart_writes_the_png_and_prints_its_path(db: str, tmp_path: Path) -> None:
    out = tmp_path / "kirkuk.png"
    result = cli("chart", "kirkuk", "--db", db, "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout.strip() == str(out)  # type: ignore[attr-defined]
    assert out.read_bytes().startswith(b"\x89PNG")


def test_chart_of_nothing_exits_1_with_the_reason(db: str, tmp_path: Path) -> None:
    result = cli("chart", "xanadoor", "--db", db, "-o", str(tmp_path / "x.png"))
    assert result.exit_code == 1 and "No incident matches" in result.output  # type: ignore[attr-defined]
    assert not (tmp_path / "x.png").exists()
