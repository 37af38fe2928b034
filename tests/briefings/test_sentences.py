"""Sentence splitting: offsets, paragraphs, abbreviations, quotes, headings and datelines."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract.sentences import dateline, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


# --- boundaries -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two were killed. Six were wounded.", ["Two were killed.", "Six were wounded."]),
        ("Was it a drone? Nobody knows! Officials declined to comment.",
         ["Was it a drone?", "Nobody knows!", "Officials declined to comment."]),
        ("The toll rose in 2019. 25 people died in one night.", ["The toll rose in 2019.", "25 people died in one night."]),
        ('He spoke briefly. "We will respond," he said.', ["He spoke briefly.", '"We will respond," he said.']),
        ("The base was hit. ‘It was a drone,’ a source said.", ["The base was hit.", "‘It was a drone,’ a source said."]),
        ("Stocks fell... Then they rose.", ["Stocks fell...", "Then they rose."]),
    ],
)
def test_splits_at_sentence_punctuation_before_a_capital_digit_or_quote(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“It was an attack,” the PMF said.” Next came silence.", ["“It was an attack,” the PMF said.”", "Next came silence."]),
        ('The minister said: "We will respond." Then he left.', ['The minister said: "We will respond."', "Then he left."]),
        ("He called it “aggression.” The US did not reply.", ["He called it “aggression.”", "The US did not reply."]),
        ("'Why?' he asked. Nobody answered.", ["'Why?' he asked.", "Nobody answered."]),
        ("It was “preliminary”. Officials said more would follow.",
         ["It was “preliminary”.", "Officials said more would follow."]),
    ],
)
def test_a_closing_quote_stays_with_its_sentence(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Austin and Mrs. Biden met Dr. Smith.",
        "Gen. Lloyd J. Austin spoke to Lt. Col. Hoffman and Maj. Gen. Brown.",
        "Capt. Jones and Sgt. Lee flew to St. Louis on Jan. 4 with the U.S. Army.",
        "The U.N. envoy and the U.K. minister met in Baghdad.",
        "Some groups, e.g. Kataib Hezbollah, i.e. the militia, etc. The list goes on.",
        "The strike hit a base 2.5 km from the border, in Iraq vs. Syria terms.",
        "Members of No. 5 Squadron flew out on Sept. 3 and Oct. 12 and Nov. 1 and Dec. 25.",
        "The rockets struck at 7 p.m. Sunday local time.",
        "The attack targeted the base, the sources said. who asked not to be identified, and gave a toll.",
    ],
)
def test_abbreviations_initials_numbers_and_lowercase_continuations_do_not_split(text: str) -> None:
    assert texts(text) == [text]


def test_no_dot_before_a_word_is_a_sentence_end_but_no_dot_before_a_number_is_not() -> None:
    assert texts("The answer was No. Then they left.") == ["The answer was No.", "Then they left."]
    assert texts("He joined No. 5 Squadron.") == ["He joined No. 5 Squadron."]


@pytest.mark.parametrize("space", [" ", "\t", "\u00a0", "\u2003"])
def test_the_word_before_a_period_is_read_across_any_kind_of_space(space: str) -> None:
    """An abbreviation is the whitespace-free word the period ends, whatever space precedes it."""
    line = f"Talks{space}with{space}Gen.{space}Ford{space}began.{space}He{space}joined{space}No.{space}5.{space}It{space}was{space}(Dr.{space}Ali)."
    assert texts(line) == [f"Talks{space}with{space}Gen.{space}Ford{space}began.", f"He{space}joined{space}No.{space}5.",
                           f"It{space}was{space}(Dr.{space}Ali)."]
    assert texts(f"The{space}answer{space}was{space}no.{space}Then{space}they{space}left.") == [
        f"The{space}answer{space}was{space}no.", f"Then{space}they{space}left."]


# --- paragraphs and headings ------------------------------------------------------------------------------

def test_every_line_is_a_paragraph_and_blank_lines_do_not_count() -> None:
    text = "Title line\n\nFirst sentence. Second sentence.\nThird paragraph here.\n\n\nFourth one."
    got = [(s.text, s.paragraph) for s in split_sentences(text)]
    assert got == [
        ("Title line", 0),
        ("First sentence.", 1),
        ("Second sentence.", 1),
        ("Third paragraph here.", 2),
        ("Fourth one.", 3),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "US mission in Syria and Iraq",
        "29-12-2019",
        "A+ A-",
        "By bne IntelliNews January 5, 2024",
        "Updated: January 24, 2024, 6:34 AM",
        "Members of an Iraqi militant group attend a funeral in Baghdad. AP",
        "Comments",
    ],
)
def test_unpunctuated_single_lines_are_one_heading_sentence(line: str) -> None:
    got = split_sentences(f"{line}\nThe strike killed two.")
    assert (got[0].text, got[0].heading) == (line, True)
    assert (got[1].text, got[1].heading) == ("The strike killed two.", False)


@pytest.mark.parametrize(
    "line",
    ["Reuters contributed to this report.", "Is this a developing story?", 'He called it "aggression."',
     "Security officials clarified:", "It was “a joint base”."],
)
def test_lines_with_final_punctuation_are_not_headings(line: str) -> None:
    assert not any(s.heading for s in split_sentences(line))


def test_a_long_unpunctuated_paragraph_is_prose_not_a_heading() -> None:
    text = "The strike killed two. " * 15 + "Officials gave no further details"
    got = split_sentences(text)
    assert len(got) == 16 and not any(s.heading for s in got)


# --- datelines --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("paragraph", "line", "first"),
    [
        ("ERBIL, Kurdistan Region – US forces struck five sites.", "ERBIL, Kurdistan Region", "US forces struck five sites."),
        ("BAGHDAD (Reuters) - Two rockets hit the Green Zone.", "BAGHDAD (Reuters)", "Two rockets hit the Green Zone."),
        ("BEIRUT, Jan 5 (AP) — Israeli jets struck a village.", "BEIRUT, Jan 5 (AP)", "Israeli jets struck a village."),
        ("WASHINGTON — The Pentagon confirmed the strike.", "WASHINGTON", "The Pentagon confirmed the strike."),
        ("NEW YORK, NY - “We are monitoring,” he said.", "NEW YORK, NY", "“We are monitoring,” he said."),
        ("Baghdad (AFP) - Rockets landed near the embassy.", "Baghdad (AFP)", "Rockets landed near the embassy."),
        ("ST. LOUIS — 14 people were hurt.", "ST. LOUIS", "14 people were hurt."),
    ],
)
def test_a_dateline_is_reported_and_left_out_of_the_first_sentence(paragraph: str, line: str, first: str) -> None:
    assert dateline(paragraph) == line
    got = split_sentences("Headline\n" + paragraph)
    assert got[1].text == first
    assert got[1].start == len("Headline\n") + paragraph.index(first)


@pytest.mark.parametrize(
    "paragraph",
    [
        "US forces struck five sites in Iraq.",
        "ISIS – the group that held Mosul – is back.",
        "Baghdad - the capital - was calm.",
        "The PMF (Popular Mobilization Forces) - an umbrella group - denied it.",
        "Iraq's PMF said on Saturday that the blast was an attack.",
        "A+ A-",
    ],
)
def test_ordinary_openings_are_not_datelines(paragraph: str) -> None:
    assert dateline(paragraph) is None
    assert split_sentences(paragraph)[0].start == 0


# --- offsets ----------------------------------------------------------------------------------------------

def test_offsets_are_absolute_and_exclude_surrounding_whitespace() -> None:
    text = "  Lead sentence here.   Second one!  \n\n   Third: “quoted.”   \r\nLast line"
    got = split_sentences(text)
    assert [s.text for s in got] == ["Lead sentence here.", "Second one!", "Third: “quoted.”", "Last line"]
    for s in got:
        assert text[s.start:s.end] == s.text


def test_seed_articles_round_trip(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        got = split_sentences(text)
        assert got, path.name
        for s in got:
            assert text[s.start:s.end] == s.text
        ends = [s.end for s in got]
        assert ends == sorted(ends)


def test_seed_002_dateline_and_headings(seeds_dir: Path) -> None:
    text = (seeds_dir / "002_rudaw_2019-12-29.txt").read_text(encoding="utf-8")
    got = split_sentences(text)
    assert any(s.text == "29-12-2019" and s.heading for s in got)
    assert any(s.text.startswith("US forces conducted airstrikes") for s in got)
    assert not any("ERBIL" in s.text for s in got)


_ALPHABET = st.sampled_from(list("abcXYZ 019.!?\"“”‘’'\n\t-–—()") + ["Mr. ", "U.S. ", " J. ", "ERBIL – ", "\r\n", "\n\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_offsets_round_trip_on_any_text(text: str) -> None:
    got = split_sentences(text)
    previous_end = 0
    previous_paragraph = 0
    for s in got:
        assert s.text and s.text == s.text.strip()
        assert text[s.start:s.end] == s.text
        assert s.start >= previous_end
        assert s.paragraph >= previous_paragraph
        previous_end, previous_paragraph = s.end, s.paragraph
