"""Casualty figures as the press writes them (nouns, periphrases, headlines, collective counts), who holds them,
and the figures that are not this incident's toll: shares, tallies over a period, other events, superseded counts."""
from __future__ import annotations

import pytest

from briefings.extract.across import revise
from briefings.extract.casualties import find_casualties
from briefings.extract.claims import extract_claims
from briefings.extract.holders import HolderMemory
from briefings.extract.sentences import split_sentences
from briefings.extract.types import ClaimDraft, Sentence


def figures(text: str) -> set[tuple[str, str | None, str | None]]:
    return {(c.field, c.value, c.qualifier) for c in find_casualties(text) if c.field in ("killed", "wounded")}


def notes(text: str) -> set[str]:
    return {c.value or "" for c in find_casualties(text) if c.field == "note"}


def report(text: str) -> list[ClaimDraft]:
    """Every claim of a whole report, after the report-level pass."""
    memory = HolderMemory()
    sentences = split_sentences(text)
    claims = [extract_claims(s, memory) for s in sentences]
    revise(sentences, claims, memory)
    return [c for cs in claims for c in cs]


def held(text: str) -> set[tuple[str, str | None, str]]:
    return {(c.field, c.value, c.holder) for c in report(text) if c.field in ("killed", "wounded")}


@pytest.mark.parametrize("text,expected", [
    ("The shelling of the depot ended up resulting in three injuries among the guards.", {("wounded", "3", None)}),
    ("Two soldiers died at the checkpoint, with six others sustaining injuries.",
     {("killed", "2", None), ("wounded", "6", None)}),
    ("The raid resulted in the death of one officer and injuries to seven others.",
     {("killed", "1", None), ("wounded", "7", None)}),
    ("The ambush on the convoy led to the deaths of 14 police officers.", {("killed", "14", None)}),
    ("The car bomb claimed the lives of 21 people near the stadium.", {("killed", "21", None)}),
    ("Four passengers lost their life when the bus was hit.", {("killed", "4", None)}),
    ("The death toll from the bombing in the northern market town of Dalbek has risen to 35, an official says.",
     {("killed", "35", None)}),
    ("Police reported one fatality and two injuries after the grenade attack.",
     {("killed", "1", None), ("wounded", "2", None)}),
    ("Gunmen executed 12 villagers before dawn.", {("killed", "12", None)}),
    ("Nine hostages were shot dead by the kidnappers.", {("killed", "9", None)}),
    ("On Monday the militia admitted to killing 40 fighters in the valley.", {("killed", "40", None)}),
    ("Thirty people—most of them pilgrims—were killed in the stampede that followed the blast.",
     {("killed", "30", None)}),
    ("Witnesses said 300 people were killed, while hospital sources put the figure at 450.",
     {("killed", "300", None), ("killed", "450", None)}),
    ("The ministry reported at least 120 casualties in the strike, with more than 200 others sustaining injuries.",
     {("killed", "120", "at least"), ("wounded", "200", "more than")}),
    ("As many as 57 people have been killed in the assault on the camp.", {("killed", "57", "up to")}),
])
def test_nominal_and_periphrastic_tolls(text: str, expected: set) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Suicide attack at bus terminal kills 19", {("killed", "19", None)}),
    ("12 Dead, Over 40 Injured In Market Blast", {("killed", "12", None), ("wounded", "40", "over")}),
    ("Drone strike on wedding party leaves 8 dead", {("killed", "8", None)}),
])
def test_headlines(text: str, expected: set) -> None:
    assert figures(text) == expected


def test_indefinite_and_collective_counts() -> None:
    assert figures("The strike killed a member of the local council.") == {("killed", "1", None)}
    assert figures("The roadside bomb killed a soldier and a driver's assistant.") >= {("killed", "1", None)}
    # a casualty total: neither the dead nor the wounded alone
    assert figures("Nine people were killed or injured in the blast.") == set()
    assert "casualties (killed or wounded): 9" in notes("Nine people were killed or injured in the blast.")
    assert figures("The explosion killed or wounded 30 people.") == set()
    # vague amounts keep their word as the qualifier: shown, never a precise figure
    assert figures("Dozens were killed and scores were wounded in the crush.") == {("killed", "12", "dozens"),
                                                                                   ("wounded", "20", "scores")}
    assert figures("Hundreds of people were injured.") == {("wounded", "100", "hundreds")}


@pytest.mark.parametrize("text,note", [
    ("The blast comes a week after a bombing at a market in another district killed eight people, including two "
     "children.", "another event: killed 8 (people)"),
    ("The raid followed a similar incident on Monday, when gunmen killed 15 farmers.",
     "another event: killed 15 (farmers)"),
    ("More than 4,000 people have been killed across the country since the war began.",
     "tally over a period, not this incident's: killed more than 4000 (people)"),
    ("The province recorded 620 deaths and 900 injuries in 2023, a monitoring group said.",
     "tally over a period, not this incident's: killed 620"),
    ("The insurgency has claimed over 30,000 lives since 2011.",
     "tally over a period, not this incident's: killed over 30000"),
    ("He said 19 of his relatives were killed in the strike.", "share of the toll: killed 19 (relatives)"),
    ("Twelve members of her family were killed when the house collapsed.",
     "share of the toll: killed 12 (members of her family)"),
    ("The toll rose to 40, with the bodies of three children recovered overnight.",
     "share of the toll: killed 3 (children recovered overnight)"),
    ("The attack also injured two traffic wardens, Sergeants Amir Dogan and Rosa Vell, police said.",
     "share of the toll: wounded 2 (traffic wardens)"),
])
def test_figures_that_are_not_this_incidents_toll_are_labelled_notes(text: str, note: str) -> None:
    got = find_casualties(text)
    assert note in {c.value for c in got if c.field == "note"}
    assert not [c for c in got if c.field in ("killed", "wounded") and c.value and c.value in note.split()]


@pytest.mark.parametrize("text", [
    "More than 1,000 people were inside the shopping centre at the time.",
    "A 26-year-old soldier was among those killed.",
    "The city had a population of about 220,000 before the war.",
    "Police arrested 11 people in connection with the attack.",
    "The attack was the deadliest since the 2019 bombing that killed 40 people.",
])
def test_crowds_ages_populations_and_comparisons_are_not_tolls(text: str) -> None:
    assert not {f for f in figures(text) if f[1] in ("1000", "26", "220000", "11", "40")}


def test_the_toll_stays_beside_the_trap() -> None:
    text = "At least 24 people were killed on Saturday, a week after a blast in another town killed eight people."
    assert figures(text) == {("killed", "24", "at least")}
    assert figures("At least 22 people were killed, the deadliest attack since 2019.") == {("killed", "22", "at least")}


@pytest.mark.parametrize("text,expected", [
    ("Ahmad Saleh, spokesman of the provincial health office, said 11 people were killed.",
     {("killed", "11", "Ahmad Saleh")}),
    ("Marta Kovac, deputy head of the regional administration, said at least two people were killed.",
     {("killed", "2", "Marta Kovac")}),
    ("A police officer told Reuters that seven people had been wounded.", {("wounded", "7", "a police officer")}),
    ("Official sources confirmed that 21 people had died.", {("killed", "21", "Official sources")}),
    ("Seventeen people were killed, City Radio reported.", {("killed", "17", "City Radio")}),
    ("The blast killed 25 people and injured more than 50, Valley News reported on Sunday.",
     {("killed", "25", "Valley News"), ("wounded", "50", "Valley News")}),
    ("A toll given by medics put the dead at 8 and the wounded at 3.",
     {("killed", "8", "medics"), ("wounded", "3", "medics")}),
    ("On Saturday the army admitted to killing 30 militants in the raid.", {("killed", "30", "army")}),
])
def test_holders_in_every_form(text: str, expected: set) -> None:
    assert held(text) == expected


def test_a_figure_in_a_relative_clause_is_the_reports_own() -> None:
    text = "The group said on Thursday that it carried out the bombing which killed at least 12 people."
    assert held(text) == {("killed", "12", "outlet")}
    text = "The minister said his country had nothing to do with the attack that killed 26 people."
    assert held(text) == {("killed", "26", "outlet")}


def test_a_quotation_belongs_to_the_speaker_named_where_it_closes() -> None:
    text = ("‘The bodies are still being identified. More than 30 people died in the attack. The number may rise,’ "
            "said the prosecutor's office.")
    assert held(text) == {("killed", "30", "prosecutor's office")}
    text = ('"Rescuers are still searching the rubble. At least 14 people were killed. More may be trapped," '
            "a civil defence spokesman said.")  # straight quote marks
    assert held(text) == {("killed", "14", "a civil defence spokesman")}
    text = ("“Rescuers are still searching. At least 14 people were killed.” The army said it would investigate.")
    assert held(text) == {("killed", "14", "outlet")}  # a speaker named after the quote closed, not where it closes


def test_a_plural_noun_at_the_end_is_not_a_speaker() -> None:
    text = "The shooting claimed the lives of 26 people, mostly visitors from other states."
    assert held(text) == {("killed", "26", "outlet")}


def test_casualties_are_the_dead_when_the_report_says_so() -> None:
    # the wounded are given apart and no dead: the casualties are the dead
    text = "Over 60 injured people were treated in hospitals. The casualties, totalling 85, included women."
    assert ("killed", "85", "outlet") in held(text)
    # the same number is given as the dead elsewhere
    text = "Death toll of missile strike reaches 35\nThe number of casualties has increased from 30 to 35."
    assert {(f, v) for f, v, _ in held(text)} == {("killed", "35")}
    # nothing says which: a note, never a figure for either
    text = "Rescuers reported 40 casualties after the explosion."
    assert held(text) == set()
    assert "casualties: 40" in {c.value for c in report(text) if c.field == "note"}


def test_figures_the_report_supersedes_later_are_notes() -> None:
    text = ("Local media said 73 people died and another 171 were injured in the twin blasts. "
            "Subsequently, the number of dead increased to 103.")
    assert held(text) == {("killed", "103", "outlet")}
    kept = {c.value for c in report(text) if c.field == "note"}
    assert {"earlier figure: killed 73 (people)", "earlier figure: wounded 171"} <= kept
    # without a "later", two figures are two claims (a dispute, not a revision)
    text = "Local media said 73 people died. Officials said the number of dead rose to 103."
    assert {v for f, v, _ in held(text) if f == "killed"} == {"73", "103"}


def test_a_tally_goes_on_in_the_next_sentence() -> None:
    text = ("More than 20,000 people have been killed across the country, the UN says. "
            "Other estimates, however, put the toll at 150,000.")
    assert held(text) == set()


def test_one_sentence_of_a_report_at_a_time_keeps_its_offsets() -> None:
    text = "The death toll rose to 12, officials said."
    claims = extract_claims(Sentence(text, 500, 500 + len(text), 3), HolderMemory())
    assert [(c.field, c.value, c.char_start, c.char_end) for c in claims] == [("killed", "12", 500, 500 + len(text))]


@pytest.mark.parametrize("text, expected", [
    ("Witnesses described the massacre of 300 civilians in the market.", ("killed", "300", None, "civilians")),
    ("The killing of 85 villagers shocked the country.", ("killed", "85", None, "villagers")),
    ("Soldiers carried out the execution of 40 men outside the mosque.", ("killed", "40", None, "men")),
    ("They described summary executions that allegedly targeted up to 300 people.", ("killed", "300", "up to", "people")),
    ("The killing of three militia commanders was confirmed by the group.", ("killed", "3", None, "militia commanders")),
])
def test_killing_nouns_give_the_toll(text: str, expected: tuple) -> None:
    assert [(c.field, c.value, c.qualifier, c.victims) for c in find_casualties(text)] == [expected]


@pytest.mark.parametrize("text", [
    "The killing of a journalist last year was condemned.",  # no figure
    "He recalled the massacre of 1982 in the town.",  # a year, not a toll
    "The massacre of Srebrenica is remembered every July.",  # a place
])
def test_killing_nouns_without_a_count_give_nothing(text: str) -> None:
    assert find_casualties(text) == []
