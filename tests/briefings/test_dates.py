"""Time expressions resolved against the publication date; user-typed dates for the CLI and chat commands."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from briefings.extract import daterole
from briefings.extract import dates as dates_module
from briefings.extract.dates import find_dates
from briefings.extract.datetext import infer_published, parse_date, parse_on, parse_since
from briefings.extract.sentences import split_sentences
from briefings.extract.types import DateRef

SAT = date(2024, 4, 20)  # a Saturday, like seed 000
FRI = date(2024, 1, 5)  # a Friday, like seed 004
D = date


def only(sentence: str, published: date | None = SAT) -> DateRef:
    refs = find_dates(sentence, 0, published)
    assert len(refs) == 1, refs
    return refs[0]


def days(sentence: str, published: date | None = SAT) -> tuple[date | None, date | None]:
    ref = only(sentence, published)
    return ref.start, ref.end


# --- weekdays -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "text", "day"),
    [
        ("One was killed on Friday, according to Iraqi sources.", "on Friday", D(2024, 4, 19)),
        ("The blast happened Friday night near Hilla.", "Friday night", D(2024, 4, 19)),
        ("Rockets were fired late Friday at the base.", "late Friday", D(2024, 4, 19)),
        ("US forces early on Wednesday struck three sites.", "early on Wednesday", D(2024, 4, 17)),
        ("Thursday's attack was the third in a week.", "Thursday's", D(2024, 4, 18)),
        ("An attack carried out this Friday in Iraq killed two.", "this Friday", D(2024, 4, 19)),
        ("The base was struck on Saturday.", "on Saturday", SAT),
        ("Strikes followed on Sunday evening.", "on Sunday evening", D(2024, 4, 14)),
        ("Five died in the early hours of Saturday.", "in the early hours of Saturday", SAT),
        ("The convoy was ambushed Monday morning.", "Monday morning", D(2024, 4, 15)),
    ],
)
def test_a_weekday_is_the_most_recent_such_day_on_or_before_publication(sentence: str, text: str, day: date) -> None:
    ref = only(sentence)
    assert (ref.text, ref.start, ref.end, ref.precision, ref.relative) == (text, day, day, "day", True)


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("The attack happened last Saturday.", D(2024, 4, 13)),
        ("A drone struck last Friday.", D(2024, 4, 19)),
        ("It happened this past Saturday.", D(2024, 4, 13)),
        ("Talks resume next Monday.", D(2024, 4, 22)),
        ("Talks resume next Saturday.", D(2024, 4, 27)),
    ],
)
def test_last_and_next_weekday_are_strictly_before_or_after(sentence: str, day: date) -> None:
    assert days(sentence) == (day, day)


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("The strikes occurred at 12:15am on Wednesday.", "at 12:15am on Wednesday"),
        ("Airstrikes occurred at 7 pm on Sunday evening, officials said.", "at 7 pm on Sunday evening"),
        ("The attack came at around 11 p.m. on Thursday.", "at around 11 p.m. on Thursday"),
        ("Shortly after midnight on Friday, rockets landed.", "Shortly after midnight on Friday"),
        ("The drone struck on Wednesday at 2:30 a.m. local time.", "on Wednesday at 2:30 a.m. local time"),
        ("The raid began on Tuesday at dawn.", "on Tuesday at dawn"),
    ],
)
def test_an_attached_time_is_swallowed_into_one_expression(sentence: str, text: str) -> None:
    ref = only(sentence)
    assert ref.text == text and ref.start == ref.end


@pytest.mark.parametrize("sentence", ["The strikes occurred at 12:15am.", "Sirens sounded at 7 pm.", "It lasted until 23:30."])
def test_a_time_alone_is_not_a_date(sentence: str) -> None:
    assert find_dates(sentence, 0, SAT) == []


# --- overnight ranges ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("Strikes were carried out overnight between Friday and Saturday.", D(2024, 4, 19), SAT),
        ("The base was hit overnight Friday.", D(2024, 4, 19), SAT),
        ("Explosions were heard late Friday into Saturday.", D(2024, 4, 19), SAT),
        ("The blast happened between Friday and Saturday.", D(2024, 4, 19), SAT),
        ("It happened on the night of Friday to Saturday.", D(2024, 4, 19), SAT),
        ("Shelling went on Friday night into Saturday morning.", D(2024, 4, 19), SAT),
        ("The raid took place overnight on Thursday.", D(2024, 4, 18), D(2024, 4, 19)),
        ("Fighting raged from Thursday to Saturday.", D(2024, 4, 18), SAT),
    ],
)
def test_overnight_forms_give_a_two_day_range(sentence: str, start: date, end: date) -> None:
    ref = only(sentence)
    assert (ref.start, ref.end, ref.precision, ref.relative) == (start, end, "day", True)


# --- relative words -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        ("Yesterday, the militia fired rockets.", D(2024, 4, 19), D(2024, 4, 19), "day"),
        ("The ministry confirmed the toll today.", SAT, SAT, "day"),
        ("Last night, drones hit the base.", D(2024, 4, 19), SAT, "day"),
        ("The attack took place this morning.", SAT, SAT, "day"),
        ("Earlier this week a rocket hit the embassy.", D(2024, 4, 14), SAT, "day"),
        ("Last week a rocket hit the embassy.", D(2024, 4, 8), D(2024, 4, 14), "day"),
        ("Attacks rose last month.", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("They met two days ago.", D(2024, 4, 18), D(2024, 4, 18), "day"),
        ("He was seen the day before yesterday.", D(2024, 4, 18), D(2024, 4, 18), "day"),
        ("Twelve attacks were recorded in the past two weeks.", D(2024, 4, 6), SAT, "day"),
        ("The group grew this year.", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ],
)
def test_relative_words(sentence: str, start: date, end: date, precision: str) -> None:
    ref = only(sentence)
    assert (ref.start, ref.end, ref.precision, ref.relative) == (start, end, precision, True)


@pytest.mark.parametrize(
    "sentence",
    ["Baghdad Today reported the attack.", "USA Today ran the story.", "Officials may visit in the coming days.",
     "The militia has thousands of fighters.", "A week-long curfew was lifted."],
)
def test_names_and_vague_phrases_are_not_dates(sentence: str) -> None:
    assert find_dates(sentence, 0, SAT) == []


# --- month and day without a year ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("The US killed a commander on January 4.", D(2024, 1, 4)),
        ("The attacks on January 5 are believed to be retaliation.", FRI),
        ("The talks on 4 January failed.", D(2024, 1, 4)),
        ("The convoy was ambushed on Dec. 30.", D(2023, 12, 30)),
        ("He was detained on December 31.", D(2023, 12, 31)),
        ("The 30th of December strike killed two.", D(2023, 12, 30)),
        ("A ceasefire began Jan. 6.", D(2023, 1, 6)),
        ("Attacks have continued since October 7.", D(2023, 10, 7)),
    ],
)
def test_month_day_takes_the_year_that_puts_it_on_or_before_publication(sentence: str, day: date) -> None:
    ref = only(sentence, FRI)
    assert (ref.start, ref.end, ref.precision, ref.relative) == (day, day, "day", True)


def test_february_29_goes_back_to_a_leap_year_and_impossible_days_are_dropped() -> None:
    assert days("It happened on February 29.", D(2025, 3, 1)) == (D(2024, 2, 29), D(2024, 2, 29))
    assert find_dates("It happened on February 30.", 0, SAT) == []
    assert find_dates("It happened on 31 April 2024.", 0, SAT) == []


# --- full dates, month-year, years --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("Updated: January 24, 2024, 6:34 AM", D(2024, 1, 24)),
        ("The strike on 24 January 2024 killed two.", D(2024, 1, 24)),
        ("The date line read 29-12-2019.", D(2019, 12, 29)),
        ("The strike on 2019-12-29 killed 25.", D(2019, 12, 29)),
        ("The strike on Jan. 24, 2024 killed two.", D(2024, 1, 24)),
        ("The strike on Friday, January 5, 2024 killed two.", D(2024, 1, 5)),
        ("The strike on 12/29/2019 killed 25.", D(2019, 12, 29)),
        ("The strike on 05.01.2024 killed two.", D(2024, 1, 5)),
        ("It happened on the 4th of January 2024.", D(2024, 1, 4)),
    ],
)
def test_full_dates_are_absolute(sentence: str, day: date) -> None:
    for published in (SAT, None):
        ref = only(sentence, published)
        assert (ref.start, ref.end, ref.precision, ref.relative) == (day, day, "day", False)


@pytest.mark.parametrize(
    ("sentence", "text", "first", "last"),
    [
        ("On January 2024, a US airstrike foiled an attack.", "On January 2024", D(2024, 1, 1), D(2024, 1, 31)),
        ("The base was attacked in December 2019.", "in December 2019", D(2019, 12, 1), D(2019, 12, 31)),
        ("Strikes resumed in Feb 2024.", "in Feb 2024", D(2024, 2, 1), D(2024, 2, 29)),
        ("Attacks have risen since October 2023.", "since October 2023", D(2023, 10, 1), D(2023, 10, 31)),
        ("The group was formed in early March 2014.", "in early March 2014", D(2014, 3, 1), D(2014, 3, 31)),
    ],
)
def test_month_and_year(sentence: str, text: str, first: date, last: date) -> None:
    ref = only(sentence, None)
    assert (ref.text, ref.start, ref.end, ref.precision, ref.relative) == (text, first, last, "month", False)


def test_a_bare_month_is_the_latest_such_month_on_or_before_publication() -> None:
    assert days("It happened in March.") == (D(2024, 3, 1), D(2024, 3, 31))
    assert days("It happened in May, officials said.") == (D(2023, 5, 1), D(2023, 5, 31))
    assert days("Strikes began in mid-April.") == (D(2024, 4, 1), D(2024, 4, 30))
    assert days("It started last April.") == (D(2023, 4, 1), D(2023, 4, 30))
    assert find_dates("Officials may resign.", 0, SAT) == []


@pytest.mark.parametrize(
    ("sentence", "first", "last"),
    [
        ("In 2020, an American strike killed Suleimani.", 2020, 2020),
        ("The base has been used in 2019 by the coalition.", 2019, 2019),
        ("Since 2014, the group has fought ISIS.", 2014, 2014),
        ("By the end of 2019 there were 300 attacks.", 2019, 2019),
        ("The group expanded in mid-2019.", 2019, 2019),
        ("In early 2020 the US withdrew.", 2020, 2020),
        ("IS held Mosul between 2014 and 2017.", 2014, 2017),
    ],
)
def test_a_year_with_a_preposition(sentence: str, first: int, last: int) -> None:
    ref = only(sentence, None)
    assert (ref.start, ref.end, ref.precision) == (D(first, 1, 1), D(last, 12, 31), "year")


@pytest.mark.parametrize(
    "sentence",
    [
        "With 900 troops in Syria and 2,500 more in Iraq, the US claimed a mission.",
        "The militia is numbered more than 100,000 fighters.",
        "The attack was carried out by three F-35 jets.",
        "The 2020 killing of Suleimani angered Iran.",
        "Resolution 2020 was passed.",
        "The base was hit in 2000 strikes.",
        "Attacks were common in the 1990s.",
        "The convoy of 2019 vehicles moved at 1.5 km/h.",
    ],
)
def test_numbers_that_are_not_years(sentence: str) -> None:
    assert find_dates(sentence, 0, SAT) == []


# --- role: when something was said vs when it happened -------------------------------------------------

def test_event_and_report_in_one_sentence() -> None:
    refs = find_dates("Two were killed on Friday, police said on Saturday.", 0, SAT)
    assert [(r.text, r.start, r.role) for r in refs] == [
        ("on Friday", D(2024, 4, 19), "event"),
        ("on Saturday", SAT, "report"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "One was killed and eight wounded, a military statement said on Saturday.",
        "Multiple rocket attacks targeted US bases, Baghdad Today reported on January 5.",
        "The group announced Saturday it would retaliate.",
        "The army told Reuters on Friday that it had no role.",
        "The PMF said in a statement on Sunday that it was investigating.",
        "Several were injured, US officials said on Saturday morning.",
        "On Saturday, officials said two were killed.",
        "The ministry on Saturday said five died.",
        "The spokesperson stated yesterday that there was cooperation.",
        "\"We will respond,\" he told reporters on Friday.",
        "The statement issued on Sunday said 25 were killed.",
        "The attack was condemned by the ministry on Friday.",
        "Updated: January 24, 2024, 6:34 AM",
        "By bne IntelliNews January 5, 2024",
        "29-12-2019",
    ],
)
def test_dates_of_statements_are_reports(sentence: str) -> None:
    assert only(sentence).role == "report"


@pytest.mark.parametrize(
    "sentence",
    [
        "The strike on Friday killed two.",
        "Thursday's US drone strike led to the death of the leader.",
        "On Friday, gunmen killed five, police said.",
        "Officials said the attack on Friday killed five.",
        "The US blamed Friday's attack on Kataib Hezbollah.",
        "Militants attacked police posts on Friday.",
        "The attacks by the United States on Friday killed two.",
        "The attacks on January 5 are believed to be retaliation.",
        "Sunday's airstrikes follow an attack on the base.",
        "By Friday the death toll had risen to 10.",
    ],
)
def test_dates_of_events_are_events(sentence: str) -> None:
    assert only(sentence).role == "event"


# --- unknown publication date and spans ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "precision"),
    [
        ("The base was hit on Friday.", "day"),
        ("The US killed a commander on January 4.", "day"),
        ("Strikes were carried out overnight between Friday and Saturday.", "day"),
        ("Yesterday, the militia fired rockets.", "day"),
        ("Attacks rose in March.", "month"),
        ("They met three years ago.", "year"),
        ("Attacks rose last month.", "month"),
    ],
)
def test_without_a_publication_date_relative_forms_are_returned_unresolved(sentence: str, precision: str) -> None:
    ref = only(sentence, None)
    assert (ref.start, ref.end, ref.precision, ref.relative) == (None, None, precision, True)


def test_spans_are_absolute_and_accept_a_datetime_publication() -> None:
    sentence = "Two were killed on Friday, police said on Saturday."
    refs = find_dates(sentence, 1000, datetime(2024, 4, 20, 23, 59))
    assert [(r.char_start, r.char_end) for r in refs] == [(1016, 1025), (1039, 1050)]
    assert [sentence[r.char_start - 1000:r.char_end - 1000] for r in refs] == [r.text for r in refs]
    assert refs[0].start == D(2024, 4, 19)


def test_the_fast_scan_finds_exactly_what_the_full_regex_finds(seeds_dir: Path) -> None:
    """find_dates only tries _EXPR near anchors; it must never miss what a plain finditer would find."""
    corpus = [s.text for p in sorted(seeds_dir.glob("*.txt")) for s in split_sentences(p.read_text(encoding="utf-8"))]
    corpus += _phrases()
    assert len(corpus) > 200
    for sentence in corpus:
        slow = [m.span() for m in dates_module._EXPR.finditer(sentence)]
        assert [m.span() for m in dates_module._matches(sentence)] == slow, sentence


@pytest.mark.parametrize("month", dates_module._MONTH_WORDS)
def test_every_month_name_the_module_knows_passes_the_pre_test_and_is_read(month: str) -> None:
    sentence = f"Talks resumed in Geneva on {month} 9, 2021, officials said."
    assert dates_module.may_hold_date(sentence)
    assert only(sentence).start == D(2021, dates_module._month(month), 9)


@pytest.mark.parametrize(
    ("sentence", "expression"),
    [
        ("A convoy was ambushed yesterday near the border.", "yesterday"),
        ("Shelling resumed at dawn on Friday.", "at dawn on Friday"),  # a time word opens the expression
        ("The checkpoint was hit at dusk on Thursday.", "at dusk on Thursday"),
        ("Gunfire was heard last night.", "last night"),
        ("The market was struck at noon on Monday.", "at noon on Monday"),
        ("Two drones were downed earlier this week.", "earlier this week"),
        ("Aid deliveries stopped last month.", "last month"),
        ("The shrine was bombed around midnight on Sunday.", "around midnight on Sunday"),
        ("Protesters gathered this morning.", "this morning"),
        ("Attacks doubled this year.", "this year"),
        ("A bridge was destroyed three weeks ago.", "three weeks ago"),
        ("The raid began this afternoon.", "this afternoon"),
        ("Crowds dispersed shortly before sunrise on Tuesday.", "shortly before sunrise on Tuesday"),
        ("Rockets fell this evening.", "this evening"),
        ("Fighting flared at daybreak on Wednesday.", "at daybreak on Wednesday"),
        ("The port was shelled at 7 pm on the night of Wednesday.", "at 7 pm on the night of Wednesday"),  # clock
        ("The port was shelled at around 19:40 (1640 GMT) in the early hours of Wednesday.",
         "at around 19:40 (1640 GMT) in the early hours of Wednesday"),  # digits are the only anchor near its start
        ("The port was shelled at 7.30 a.m. local time on Friday.", "at 7.30 a.m. local time on Friday"),
        ("The ceasefire collapsed on 29-12-2019.", "on 29-12-2019"),
        ("Records from 2019 to 2021 were lost.", "from 2019 to 2021"),
    ],
)
def test_each_kind_of_anchor_reaches_the_date_regex(sentence: str, expression: str) -> None:
    assert dates_module.may_hold_date(sentence)
    assert [r.text for r in find_dates(sentence, 0, SAT)] == [expression]



@pytest.mark.parametrize(
    "sentence",
    [
        "The siren sounded around midnight and again at daybreak.",  # "midnight" holds "night", "daybreak" "day"
        "Convoys moved in Sept. and again on Sep 3; the Mayday call came on Sunday.",  # "Sept" over "Sep"; "May" no month
        "Market days: the 2nd and 3rd weeks saw 40 raids in 12 months, and 7 in the past 2 days.",
        "Shells fell at 04:30, 5.45 and 23h10 near the afternoon prayers, a year ago.",
        "A ١٢ vote was cast in Junes and Augusts, the Decembrist said.",  # other digits, month names inside words
    ],
)
def test_the_anchor_scan_finds_exactly_what_the_anchor_regex_finds(sentence: str) -> None:
    """Anchors are only matched where one of their words or a digit run starts: overlapping words must not shift them."""
    fast = [m.span() for m in dates_module._anchors(sentence)]
    assert fast == [m.span() for m in dates_module._ANCHOR.finditer(sentence)]
    assert [m.span() for m in dates_module._matches(sentence)] == [m.span() for m in dates_module._EXPR.finditer(sentence)]


def test_a_repeated_sentence_is_resolved_against_each_reports_own_date() -> None:
    """Wire copies repeat sentences word for word: each copy's weekday is read from its own publication date."""
    sentence = "Two guards were killed on Friday, police said on Saturday."
    assert [r.start for r in find_dates(sentence, 0, SAT)] == [D(2024, 4, 19), D(2024, 4, 20)]
    later = find_dates(sentence, 7, SAT + timedelta(days=7))
    assert [r.start for r in later] == [D(2024, 4, 26), D(2024, 4, 27)]
    assert [(r.char_start, r.role) for r in later] == [(30, "event"), (53, "report")]
    assert [r.start for r in find_dates(sentence, 0, None)] == [None, None]


@pytest.mark.parametrize(
    "sentence",
    [
        "Separately, the ministry promised an inquiry.",  # "Sep" is no month here
        "At least 12 people were killed and 30 wounded at the market.",  # numbers that date nothing
        "Officials in Marib said the road was closed.",
        "The agency counted 3 dead; 4 others were hurt.",
    ],
)
def test_words_and_numbers_that_only_look_like_anchors_give_no_date(sentence: str) -> None:
    assert find_dates(sentence, 0, SAT) == []
    assert [m.span() for m in dates_module._matches(sentence)] == [m.span() for m in dates_module._EXPR.finditer(sentence)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said the strike hit a warehouse.",
        "Residents fled towards the river, witnesses said.",
        "The ministry denied any role in the attack.",
    ],
)
def test_a_sentence_failing_the_pre_test_holds_nothing_the_full_regex_would_find(sentence: str) -> None:
    assert not dates_module.may_hold_date(sentence)
    assert list(dates_module._EXPR.finditer(sentence)) == []
    assert find_dates(sentence, 0, SAT) == []


# --- seeds ------------------------------------------------------------------------------------------

def _seed(seeds_dir: Path, name: str) -> tuple[str, date]:
    header, body = (seeds_dir / name).read_text(encoding="utf-8").split("---\n", 1)
    published = next(line.split(":", 1)[1].strip() for line in header.splitlines() if line.startswith("published"))
    return body, date.fromisoformat(published)


def _refs(seeds_dir: Path, name: str) -> list[DateRef]:
    body, published = _seed(seeds_dir, name)
    return [r for s in split_sentences(body) for r in find_dates(s.text, s.start, published)]


def test_seed_000_kalsu(seeds_dir: Path) -> None:
    got = {(r.text, r.start, r.end, r.role) for r in _refs(seeds_dir, "000_jpost_2024-04-20.txt")}
    assert ("on Friday", D(2024, 4, 19), D(2024, 4, 19), "event") in got
    assert ("overnight between Friday and Saturday", D(2024, 4, 19), SAT, "event") in got
    assert ("on Saturday", SAT, SAT, "report") in got
    assert ("On January 2024", D(2024, 1, 1), D(2024, 1, 31), "event") in got
    assert ("In 2020", D(2020, 1, 1), D(2020, 12, 31), "event") in got


def test_seed_001_and_002_and_004(seeds_dir: Path) -> None:
    got1 = {(r.text, r.start, r.role) for r in _refs(seeds_dir, "001_thenational_2024-01-24.txt")}
    assert {("early on Wednesday", D(2024, 1, 24), "event"), ("at 12:15am on Wednesday", D(2024, 1, 24), "event"),
            ("on Tuesday", D(2024, 1, 23), "event"), ("on Saturday", D(2024, 1, 20), "event"),
            ("On January 4", D(2024, 1, 4), "event"), ("January 24, 2024, 6:34 AM", D(2024, 1, 24), "report")} <= got1
    got2 = {(r.text, r.start, r.role) for r in _refs(seeds_dir, "002_rudaw_2019-12-29.txt")}
    assert {("on Sunday night", D(2019, 12, 29), "event"), ("at 7 pm on Sunday evening", D(2019, 12, 29), "event"),
            ("Sunday's", D(2019, 12, 29), "event"), ("on Friday night", D(2019, 12, 27), "event"),
            ("on Saturday morning", D(2019, 12, 28), "report"), ("29-12-2019", D(2019, 12, 29), "report")} <= got2
    got4 = {(r.text, r.start, r.role) for r in _refs(seeds_dir, "004_bne_2024-01-05.txt")}
    assert {("on January 5", FRI, "report"), ("on January 5", FRI, "event"), ("Thursday's", D(2024, 1, 4), "event"),
            ("on January 4", D(2024, 1, 4), "event"), ("yesterday", D(2024, 1, 4), "report")} <= got4


# --- parse_date / parse_on / parse_since / infer_published ------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-20", D(2024, 4, 20)),
        ("20 April 2024", D(2024, 4, 20)),
        ("April 20, 2024", D(2024, 4, 20)),
        ("29-12-2019", D(2019, 12, 29)),
        ("2024-04-20T10:00:00Z", D(2024, 4, 20)),
        ("2024-04-20T23:30:00+03:00", D(2024, 4, 20)),
        ("Sat, 20 Apr 2024 10:00:00 +0000", D(2024, 4, 20)),
        ("Friday, January 5, 2024", D(2024, 1, 5)),
        ("Jan 5, 2024 10:30 AM ET", D(2024, 1, 5)),
        ("  20 april 2024 ", D(2024, 4, 20)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "nonsense", "2024-13-01", "April 2024", "Friday", "31 February 2024", "kalsu 2024"])
def test_parse_date_rejects_what_is_not_one_absolute_day(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-12-29", (D(2019, 12, 29), D(2019, 12, 29))),
        ("2019-12", (D(2019, 12, 1), D(2019, 12, 31))),
        ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        ("2019", (D(2019, 1, 1), D(2019, 12, 31))),
        ("yesterday", (D(2024, 4, 19), D(2024, 4, 19))),
        ("today", (SAT, SAT)),
        ("friday", (D(2024, 4, 19), D(2024, 4, 19))),
        ("last week", (D(2024, 4, 8), D(2024, 4, 14))),
        ("dec 2019", (D(2019, 12, 1), D(2019, 12, 31))),
        ("29-12-2019", (D(2019, 12, 29), D(2019, 12, 29))),
        ("january 4", (D(2024, 1, 4), D(2024, 1, 4))),
    ],
)
def test_parse_on_returns_an_inclusive_range(text: str, expected: tuple[date, date]) -> None:
    assert parse_on(text, SAT) == expected


@pytest.mark.parametrize("text", ["kalsu", "2019-13", "", "next to the base"])
def test_parse_on_rejects_non_dates(text: str) -> None:
    assert parse_on(text, SAT) is None


NOW = datetime(2024, 4, 20, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", NOW - timedelta(hours=24)),
        ("7d", NOW - timedelta(days=7)),
        ("2w", NOW - timedelta(weeks=2)),
        ("30m", NOW - timedelta(minutes=30)),
        ("3 days", NOW - timedelta(days=3)),
        ("yesterday", datetime(2024, 4, 19, tzinfo=timezone.utc)),
        ("2024-04-01", datetime(2024, 4, 1, tzinfo=timezone.utc)),
        ("last week", datetime(2024, 4, 8, tzinfo=timezone.utc)),
    ],
)
def test_parse_since(text: str, expected: datetime) -> None:
    assert parse_since(text, NOW) == expected


def test_parse_since_rejects_garbage() -> None:
    assert parse_since("soon", NOW) is None
    assert parse_since("", NOW) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline\nBody text here.\nUpdated: January 24, 2024, 6:34 AM", D(2024, 1, 24)),
        ("Headline\nBy bne IntelliNews January 5, 2024\nBody.", D(2024, 1, 5)),
        ("Headline\n\n29-12-2019\nShahla Omar\nBody.", D(2019, 12, 29)),
        ("Headline\nUpdated: 2024-04-21\nPublished: 2024-04-20\nBody.", D(2024, 4, 20)),
        ("Headline\nPosted on March 3, 2023 by staff\nBody.", D(2023, 3, 3)),
    ],
)
def test_infer_published(text: str, expected: date) -> None:
    assert infer_published(text) == expected


def test_infer_published_ignores_prose() -> None:
    assert infer_published("Headline\nThe strike on January 4, 2024 killed two.\nPublished reports said so.") is None
    assert infer_published("No dates at all.") is None


def test_infer_published_on_raw_seeds(raw_seeds_dir: Path) -> None:
    got = {p.name[:3]: infer_published(p.read_text(encoding="utf-8")) for p in raw_seeds_dir.glob("*.txt")}
    assert (got["001"], got["002"], got["004"]) == (D(2024, 1, 24), D(2019, 12, 29), D(2024, 1, 5))


def _phrases() -> list[str]:
    """Every sentence used by the parametrized tests of this module."""
    out: list[str] = []
    for obj in list(globals().values()):
        for mark in getattr(obj, "pytestmark", []):
            names = mark.args[0] if isinstance(mark.args[0], str) else ",".join(mark.args[0])
            if mark.name == "parametrize" and names.startswith("sentence"):
                out += [v if isinstance(v, str) else v[0] for v in mark.args[1]]
    return out


@pytest.mark.parametrize("word", sorted(daterole._REPORT_WORDS))
def test_every_report_word_before_a_date_reaches_the_report_pattern(word: str) -> None:
    """The report words' automaton is only a pre-test: a tail holding any of them is read as before."""
    for sentence in (f"Officials {word} on Saturday that the road was closed.",
                     f"The {word.upper()} by the ministry on Friday named no one.",
                     f"Le ministère a {word} ce communiqué on Friday."):
        at = sentence.index(" on ")
        tail = sentence[: at + 1][-150:]
        assert daterole._reported_before(tail) == bool(daterole._REPORT_BEFORE.search(tail)), sentence


def _per_sentence(text: str, published: date | None) -> list[list[DateRef]]:
    return [find_dates(s.text, s.start, published) for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "KHARTOUM, May 3 (Reuters) - Shelling hit the market on Friday. Nobody was hurt.\n\nBy Monday, 12 people "
        "had fled.\nTalks resumed on 29-12-2019 and again in March 2021, three weeks ago, officials said.",
        "No date here at all. Still none! A siren sounded at dawn. Then nothing again.",
        "Saturday.\nThe bridge was hit yesterday\nRecords from 2019 to 2021 were lost in the Mayday blaze; "
        "the 2nd and 3rd weeks saw 40 raids in 12 months.",
        "",
    ],
)
def test_an_articles_dates_read_in_one_scan_equal_each_sentences_own(text: str) -> None:
    """find_dates_in reads the anchors of the whole text once: every sentence gets what find_dates gives it."""
    from briefings.extract.dates import find_dates_in

    for published in (SAT, None, datetime(2024, 4, 20, 23, 59)):
        assert find_dates_in(text, split_sentences(text), published) == _per_sentence(text, published)


def test_the_one_scan_equals_the_sentence_scans_on_the_seed_reports(seeds_dir: Path) -> None:
    from briefings.extract.dates import find_dates_in

    for p in sorted(seeds_dir.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        assert find_dates_in(text, split_sentences(text), SAT) == _per_sentence(text, SAT), p.name


def test_the_one_scan_takes_any_sentences_in_any_order() -> None:
    """Sentences out of order, or one that starts inside a run of digits, read as find_dates reads them alone."""
    from briefings.extract.dates import find_dates_in
    from briefings.extract.types import Sentence

    text = "Code 2024 was read on 12 May 2020. Two died on Friday."
    cut = Sentence(text[7:34], 7, 34, 0)  # "24 was read on 12 May 2020.": "24" alone is a digit run of its own
    whole = [Sentence(text[35:], 35, len(text), 0), Sentence(text[:34], 0, 34, 0), cut]
    assert find_dates_in(text, whole, SAT) == [find_dates(s.text, s.start, SAT) for s in whole]
    assert [r.text for r in find_dates_in(text, whole, SAT)[0]] == ["on Friday"]


def test_a_sentence_repeated_in_another_report_is_read_against_that_reports_date() -> None:
    from briefings.extract.dates import find_dates_in

    text = "Two guards were killed on Friday, police said on Saturday."
    first = find_dates_in(text, split_sentences(text), SAT)[0]
    later = find_dates_in("Update. " + text, split_sentences("Update. " + text), SAT + timedelta(days=7))[1]
    assert [r.start for r in first] == [date(2024, 4, 19), date(2024, 4, 20)]
    assert [(r.start, r.char_start) for r in later] == [(date(2024, 4, 26), 31), (date(2024, 4, 27), 54)]


def test_the_sentence_memo_stays_bounded_and_keeps_what_was_read_last() -> None:
    """Expressions are remembered for the last 1,024 distinct sentences only (memory stays flat over a backfill)."""
    for n in range(dates_module._SEEN_MAX + 300):
        find_dates(f"Talks number {n} ended on Friday.", 0, SAT)
    assert len(dates_module._SEEN) == dates_module._SEEN_MAX
    assert "Talks number 0 ended on Friday." not in dates_module._SEEN
    last = f"Talks number {dates_module._SEEN_MAX + 299} ended on Friday."
    assert next(reversed(dates_module._SEEN)) == last
    assert [r.start for r in find_dates(last, 0, SAT + timedelta(days=7))] == [date(2024, 4, 26)]
