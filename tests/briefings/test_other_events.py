"""Dates and places of other things than the incident (issue 13): a compared strike, a war's start, an
anniversary, a capital standing for its government; and a report's "today" that is the aftermath, not the event."""
from __future__ import annotations

from datetime import date

import pytest

from briefings.extract.article import Knowledge, extract_article
from briefings.extract.dates import find_dates

PUB = date(2024, 3, 12)


def roles(sentence: str) -> list[tuple[str, str]]:
    return [(d.text, d.role) for d in find_dates(sentence, 0, PUB)]


@pytest.mark.parametrize("sentence,when", [
    ("It would be the deadliest attack since a September 30 strike in the east, the project said.", "September 30"),
    ("It was the worst attack on the port since the March 3 raid.", "March 3"),
    ("The town, home to 50,000 before the war began on February 24, lies on the river.", "on February 24"),
    ("Since the outbreak of the civil war in March 2011, the city has changed hands four times.", "in March 2011"),
    ("The charity has worked in the region since April 15, 2023, when a civil war erupted between two generals.",
     "April 15, 2023"),
    ("Two men blew themselves up in a crowd marking the anniversary of his death in a drone strike four years ago.",
     "four years ago"),
])
def test_another_events_date_is_a_comparison(sentence: str, when: str) -> None:
    assert (when, "comparison") in roles(sentence)


@pytest.mark.parametrize("sentence,when", [
    ("Shops have stayed shut since the Monday blast.", "Monday"),  # no superlative: the incident's own date
    ("The attack on April 15, 2023, when the rebels entered the town, killed 20.", "on April 15, 2023"),
    ("The bomb went off on Wednesday, on the anniversary of the uprising.", "on Wednesday"),
])
def test_the_incidents_own_date_stays_an_event(sentence: str, when: str) -> None:
    assert (when, "event") in roles(sentence)


@pytest.fixture(scope="module")
def kn() -> Knowledge:
    return Knowledge.default()


def test_the_days_aftermath_gives_way_to_the_strikes_own_date(kn: Knowledge) -> None:
    text = ("Rescue teams today combed through the ruins of a Kharkiv apartment block hit by a missile.\n\n"
            "Officials said the death toll from Saturday's strike rose to 31 and that 12 people were still missing.\n\n"
            "The regional governor said 60 people were wounded.")
    frames = extract_article(text, PUB, kn)
    main = next(f for f in frames if f.main)
    assert main.start == date(2024, 3, 9)
    got = {(c.field, c.value) for c in main.claims}
    assert {("killed", "31"), ("wounded", "60"), ("weapon", "missile")} <= got


def test_an_older_strike_named_after_today_stays_apart(kn: Knowledge) -> None:
    text = ("Rescue teams today combed through the ruins of a Kharkiv apartment block hit by a missile.\n\n"
            "The city was still mourning last month's strike on a school that killed 9.")
    main = next(f for f in extract_article(text, PUB, kn) if f.main)
    assert main.start == PUB and ("killed", "9") not in {(c.field, c.value) for c in main.claims}


def test_a_capital_standing_for_its_government_is_not_where_it_happened(kn: Knowledge) -> None:
    text = ("Nepal's foreign minister has denied any involvement of Kathmandu in the bomb attack in Varanasi, India, "
            "that killed 14 pilgrims on Sunday.")
    main = next(f for f in extract_article(text, PUB, kn) if f.main)
    assert "Varanasi" in {p.name for p in main.places} and "Kathmandu" not in {p.name for p in main.places}


def test_a_speaker_named_by_its_capital_is_no_event_place_but_people_in_a_city_keep_it(kn: Knowledge) -> None:
    text = ("A car bomb killed 8 people at a market in Varanasi, India, on Sunday. Delhi said the attackers came from "
            "abroad.")
    main = next(f for f in extract_article(text, PUB, kn) if f.main)
    assert "Varanasi" in {p.name for p in main.places} and "New Delhi" not in {p.name for p in main.places}
    text = "Traders in Varanasi said a car bomb killed 8 people at the market on Sunday."
    main = next(f for f in extract_article(text, PUB, kn) if f.main)
    assert "Varanasi" in {p.name for p in main.places}
