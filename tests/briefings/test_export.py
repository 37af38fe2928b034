"""Exports (issue 20): CSV and JSON Lines read back with the csv and json modules to the stored claims; GeoJSON
validates as RFC 7946 (geojson-pydantic); spreadsheet formulas in text never run."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from geojson_pydantic import FeatureCollection

from briefings.engine import Engine
from briefings.export import COLUMNS, ExportFilter, export, safe_cell, write_csv
from tests.briefings.test_chart import REPORTS, write_reports

HOSTILE = {"d.txt": ("https://example.org/d", "=HYPERLINK(\"http://evil.example\",\"x\")", "2025-03-05",
                     "+Two soldiers were killed in a drone strike near Tikrit on Tuesday.")}


@pytest.fixture()
def engine(tmp_path: Path, db_url: str) -> Engine:
    eng = Engine(db_url)
    eng.ingest(write_reports(tmp_path, {**REPORTS, **HOSTILE}))
    yield eng
    eng.close()


def run(engine: Engine, fmt: str, flt: ExportFilter = ExportFilter()) -> tuple[str, int]:
    out = io.StringIO()
    n = export(engine.sessions, engine.knowledge.places, fmt, out, flt)  # type: ignore[arg-type]
    return out.getvalue(), n


def briefing_claims(engine: Engine, query: str) -> list[tuple[str, str, str]]:
    doc = engine.incident(query).data["incident"]
    return sorted((c["field"], str(c["value"]), c["quote"]) for c in doc["claims"])


def test_csv_round_trips_to_the_briefings_claims(engine: Engine) -> None:
    text, n = run(engine, "csv", ExportFilter(place="Kirkuk"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == COLUMNS and len(rows) == n
    assert sorted((r["field"], r["value"], r["quote"]) for r in rows) == briefing_claims(engine, "kirkuk")
    first = next(r for r in rows if r["field"] == "killed" and r["value"] == "3")
    assert (first["holder"], first["outlet"], first["url"]) == ("police sources", "Valley Courier", "https://example.org/a")
    assert first["place"] == "Kirkuk" and first["country"] == "Iraq" and first["published"].startswith("2025-03-02")
    assert float(first["latitude"]) == pytest.approx(35.47, abs=0.3)


def test_jsonl_round_trips_with_numbers_as_numbers(engine: Engine) -> None:
    text, n = run(engine, "jsonl", ExportFilter(place="kirkuk"))
    rows = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == n and all(set(r) == set(COLUMNS) for r in rows)
    killed = sorted(r["value"] for r in rows if r["field"] == "killed")
    assert killed == [3, 4, 5, 7]
    assert sorted((r["field"], str(r["value"]), r["quote"]) for r in rows) == briefing_claims(engine, "kirkuk")


def test_place_filter_keeps_other_incidents_out(engine: Engine) -> None:
    everything = {r["incident"] for r in csv.DictReader(io.StringIO(run(engine, "csv")[0]))}
    kirkuk = {r["incident"] for r in csv.DictReader(io.StringIO(run(engine, "csv", ExportFilter(place="Kirkuk"))[0]))}
    assert len(everything) >= 2 and len(kirkuk) == 1 and kirkuk < everything
    assert run(engine, "csv", ExportFilter(place="Nowhereville"))[1] == 0


def test_geojson_is_rfc7946_with_status_and_figure_ranges(engine: Engine) -> None:
    text, n = run(engine, "geojson")
    doc = json.loads(text)
    FeatureCollection.model_validate(doc)  # raises on anything RFC 7946 forbids
    assert n == len(doc["features"]) >= 1
    kirkuk = next(f for f in doc["features"] if f["properties"]["place"] == "Kirkuk")
    lon, lat = kirkuk["geometry"]["coordinates"]
    assert lon == pytest.approx(44.39, abs=0.3) and lat == pytest.approx(35.47, abs=0.3)  # [longitude, latitude]
    props = kirkuk["properties"]
    assert (props["killed_low"], props["killed_high"], props["wounded_low"], props["wounded_high"]) == (3, 7, 9, 12)
    assert props["status"] == "contested" and props["reports"] == 3


def test_formulas_in_text_are_defused_in_csv(engine: Engine) -> None:
    rows = list(csv.DictReader(io.StringIO(run(engine, "csv")[0])))
    hostile = [r for r in rows if "evil.example" in r["outlet"]]
    assert hostile, "the report with a formula as its outlet name was exported"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), value
    assert hostile[0]["outlet"].startswith("'=HYPERLINK")
    # JSON keeps the text as it is (JSON is not run by spreadsheets), escaped by the json module
    jsonl = [json.loads(line) for line in run(engine, "jsonl")[0].splitlines()]
    assert any(r["outlet"].startswith("=HYPERLINK") for r in jsonl)


def test_safe_cell_covers_every_formula_start_and_keeps_numbers() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(text) == "'" + text
    assert safe_cell(-33.9) == -33.9 and safe_cell("Kirkuk") == "Kirkuk" and safe_cell(None) is None
    out = io.StringIO()
    write_csv([tuple("-2+3" if c == "quote" else None for c in COLUMNS)], out)
    assert list(csv.reader(io.StringIO(out.getvalue())))[1][-1] == "'-2+3"
