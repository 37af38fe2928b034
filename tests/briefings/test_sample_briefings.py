"""The bundled sample corpus (what a fresh install demos) briefs with its disputes, and invents nothing."""
from __future__ import annotations

from importlib import resources
import pytest

from briefings import Engine
from tests.briefings.test_seeds_acceptance import assert_numbers_quoted
from tests.conftest import new_db_url


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    eng = Engine(new_db_url(tmp_path_factory.mktemp("sample")))
    report = eng.ingest([str(resources.files("briefings") / "data" / "sample")])
    assert report.ok and report.count("carrier") == 1, report
    yield eng
    eng.close()


def _values(doc: dict, field: str) -> set[object]:
    return {c["value"] for c in doc["incident"]["claims"] if c["field"] == field}


@pytest.mark.parametrize("query, disputed, killed", [
    ("balad", {"killed", "wounded", "weapon", "distance_km", "perpetrator"}, {2, 3, 4}),
    ("erbil", {"wounded", "weapon"}, set()),
    ("tuz khurmato", {"killed", "wounded", "weapon"}, {1, 3, 5, 7}),
])
def test_each_sample_incident_is_contested_on_the_expected_fields(engine: Engine, query: str, disputed: set[str], killed: set[int]) -> None:
    doc = engine.incident(query).data
    inc = doc["incident"]
    assert inc["status"] == "contested"
    assert disputed <= {d["field"] for d in inc["disagreements"]}, inc["disagreements"]
    assert killed <= _values(doc, "killed")


def test_the_wire_copy_is_one_report_with_two_carriers(engine: Engine) -> None:
    arts = engine.incident("erbil").data["incident"]["articles"]
    assert sum(len(a["carriers"]) for a in arts) == 1


def test_background_paragraphs_do_not_leak_into_sample_incidents(engine: Engine) -> None:
    erbil = engine.incident("erbil").data["incident"]
    assert not any("Tower 22" in c["quote"] for c in erbil["claims"])
    assert engine.incident("tower 22").data["incident"]["place"]["country"] == "Jordan"


def test_every_number_in_a_sample_briefing_comes_from_a_stored_quote(engine: Engine) -> None:
    assert_numbers_quoted(engine)

