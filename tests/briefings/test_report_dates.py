"""Where and when a report says its event happened, beyond the header: the date in its address, datelines in
other house styles, "the incident occurred in X", a person's title before a town's name, a report published days
after the event that names no day, month-long incidents, and the event's place named after the government's
capital. Invented reports and sentences."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from briefings import Engine
from briefings.extract.article import Knowledge, extract_article
from briefings.extract.dateline import dateline_end
from briefings.ingest.urldate import date_in_url


def _write(tmp: Path, name: str, outlet: str, day: str | None, body: str, url: str | None = None) -> Path:
    p = tmp / name
    head = f"outlet: {outlet}\n" + (f"published: {day}\n" if day else "") + (f"url: {url}\n" if url else "")
    p.write_text(f"{head}---\n{body}\n", encoding="utf-8")
    return p


def _slugs(report) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {Path(o.source).name: o.incidents for o in report.outcomes}


def test_the_date_in_an_address_is_read_and_odd_ones_are_refused() -> None:
    today = date(2026, 1, 1)
    assert date_in_url("https://example.org/2025/04/11/camp-attacked/", today) == date(2025, 4, 11)
    assert date_in_url("https://example.org/gallery/2023/1/16/dozens-feared-dead", today) == date(2023, 1, 16)
    assert date_in_url("https://news.example/world/2022-04-05-massacre-report", today) == date(2022, 4, 5)
    assert date_in_url("https://news.example/a/20231205/story.html", today) == date(2023, 12, 5)
    assert date_in_url("https://news.example/public/world/news/18573", today) is None  # an id, not a date
    assert date_in_url("https://news.example/2024/02/30/story", today) is None  # no such day
    assert date_in_url("https://news.example/2099/01/01/story", today) is None  # after today
    assert date_in_url("https://news.example/story?id=20230101", today) is None  # the query is not the path
    assert date_in_url(None, today) is None and date_in_url("not a url at all", today) is None


def test_datelines_in_other_house_styles() -> None:
    for text, filed in [("Goma, DR Congo | By A. Writer | Shelling hit the camp.", "Goma, DR Congo | "),
                        ("(Dakar) – Soldiers killed villagers, the group said.", "(Dakar) – "),
                        ("MOGADISHU, Somalia (Reuters) - A car bomb exploded.", "MOGADISHU, Somalia (Reuters) - ")]:
        end = dateline_end(text)
        assert end is not None and text[:end] == filed
    assert dateline_end("The army said | nothing else") is None


def test_where_it_occurred_and_a_title_before_a_name() -> None:
    text = ("Kano, Nigeria | By Staff Writer | A drone strike killed 12 people at a wedding. "
            "The incident occurred late Friday in Kofar Dawa village, Katsina State. "
            "Mr. Austin said the strike was a mistake, and Governor Lloyd Austin agreed.")
    frames = extract_article(text, date(2024, 3, 4), Knowledge.default())
    main = next(f for f in frames if f.main)
    names = [p.name for p in main.places]
    assert "Kofar Dawa" in names  # "the incident occurred in X village": the event's place
    assert "Austin" not in names  # a person, whatever towns share the name
    assert "Kano" not in [p.name for p in main.specific()]  # where the report was filed


def test_a_report_published_days_later_that_names_no_day_joins_on_evidence(db_url: str, tmp_path: Path) -> None:
    first = ("A drone strike hit a market in Maiduguri on Sunday, killing 23 people and wounding 40, "
             "the state police said.")
    later = ("Survivors of the drone strike on the market in Maiduguri that killed 23 people said they "
             "had received no help. Families buried the dead in a mass grave.")
    other = "A car bomb exploded at a checkpoint in Maiduguri, killing 4 soldiers, the army said."
    eng = Engine(db_url)
    try:
        slugs = _slugs(eng.ingest([
            _write(tmp_path, "a.txt", "Wire A", "2024-06-10", first),
            _write(tmp_path, "b.txt", "Site B", None, later, url="https://site-b.example/2024/06/17/survivors/"),
            _write(tmp_path, "c.txt", "Site C", "2024-06-18", other)]))
        assert slugs["a.txt"][0] == "maiduguri-2024-06-09"
        assert slugs["b.txt"] == slugs["a.txt"]  # same figures, kind and place, eight days later
        assert slugs["c.txt"] != slugs["a.txt"]  # another event at the place: nothing shared
        data = eng.incident("maiduguri", on=date(2024, 6, 9)).data["incident"]
        assert (data["start"], data["end"]) == ("2024-06-09", "2024-06-09")  # not stretched to the 17th
    finally:
        eng.close()


def test_reports_of_one_month_form_one_incident(db_url: str, tmp_path: Path) -> None:
    a = ("Soldiers killed about 150 civilians in the town of Dogo in central Niger in early May 2023, "
         "a rights group said.")
    b = "A rights group said soldiers executed about 150 men in Dogo, in central Niger, in May 2023."
    eng = Engine(db_url)
    try:
        slugs = _slugs(eng.ingest([_write(tmp_path, "a.txt", "Group A", "2023-06-20", a),
                                   _write(tmp_path, "b.txt", "Paper B", "2023-06-22", b)]))
        assert slugs["a.txt"] == slugs["b.txt"]
    finally:
        eng.close()


def test_the_event_place_named_after_the_capital_that_denies_it(db_url: str, tmp_path: Path) -> None:
    dated = "Gunmen killed 19 tourists in an attack in Gulmarg on Tuesday, police said."
    undated = ("Islamabad, May 3 (Wire) - The foreign minister denied any role of Islamabad in the attack in "
               "Gulmarg, which left 19 people dead on April 29, and asked for evidence.")
    eng = Engine(db_url)
    try:
        slugs = _slugs(eng.ingest([_write(tmp_path, "a.txt", "Paper A", "2025-04-30", dated),
                                   _write(tmp_path, "b.txt", "Site B", None, undated)]))
        assert slugs["a.txt"][0].startswith("gulmarg-2025-04-29")
        assert slugs["b.txt"] == slugs["a.txt"]
    finally:
        eng.close()


def test_spellings_of_one_camp_form_one_incident_not_a_namesake_town(db_url: str, tmp_path: Path) -> None:
    """ "Tal al-Hamra camp", "Tal Hamra camp", "Tel al-Hamra displacement camp": one camp by Raqqa, never the
    "al-Hamra" or "Hamra" towns elsewhere that end its name."""
    texts = {"a.txt": "A drone struck the Tal al-Hamra camp near Raqqa on Monday, killing 6 people, officials said.",
             "b.txt": "Six people died when a drone hit Tal Hamra camp outside Raqqa on Monday, a monitor said.",
             "c.txt": "A drone strike on the Tel al-Hamra displacement camp in Raqqa killed six civilians on Monday."}
    eng = Engine(db_url)
    try:
        slugs = _slugs(eng.ingest([_write(tmp_path, n, f"Outlet {n[0]}", "2024-07-02", t) for n, t in texts.items()]))
        assert slugs["a.txt"] == slugs["b.txt"] == slugs["c.txt"]
        data = eng.incident("raqqa").data["incident"]
        assert data["place"]["name"] == "Tal al-Hamra camp" and data["place"]["admin1"] == "Raqqa"
        assert "Hama" not in data["title"]
    finally:
        eng.close()


def test_spellings_of_one_village_form_one_incident_and_other_villages_stay_apart(db_url: str, tmp_path: Path) -> None:
    texts = {
        "a.txt": "A military drone strike killed 40 villagers in the village of Kofar Gabas in Zamfara State on "
                 "Monday, residents said.",
        "b.txt": "At least 40 people died when a drone bombed Kofar-Gabas village, Zamfara State, on Monday.",
        "c.txt": "Mourners in Kofa Gabas village in Zamfara State buried the 40 victims of Monday's drone strike.",
        "d.txt": "Gunmen killed 7 farmers in Dan Kurmi village in Zamfara State on Monday, police said.",
        "e.txt": "Gunmen killed 5 herders in the village of Kofar Gabas in Kebbi State on Monday, police said.",
    }
    eng = Engine(db_url)
    try:
        slugs = _slugs(eng.ingest([_write(tmp_path, n, f"Outlet {n[0]}", "2024-03-05", t) for n, t in texts.items()]))
        assert slugs["a.txt"] == slugs["b.txt"] == slugs["c.txt"]  # a hyphen, a dropped letter: one village
        assert slugs["d.txt"] != slugs["a.txt"]  # another village of the state
        assert slugs["e.txt"] != slugs["a.txt"]  # the same name in another state
        assert eng.incident(slugs["b.txt"][0]).data["incident"]["place"]["country"] == "Nigeria"  # not "Gabas" abroad
    finally:
        eng.close()


def test_learned_places_reloaded_keep_the_kind_they_were_learned_with() -> None:
    from briefings.knowledge.learned import LearnedPlaces

    reg = LearnedPlaces()
    reg.load([("l:IQ:kalsu", "Camp Kalsu", None, "Iraq", "iq"), ("l:IQ:dawa", "Dawa marketplace", None, "Iraq", "iq"),
              ("l:IQ:rasheed", "Rasheed air field", None, "Iraq", "iq"), ("l:NG:tb", "Tudun Biri", None, "Nigeria", "ng")])
    assert [reg.get(i).kind for i in ("l:IQ:kalsu", "l:IQ:dawa", "l:IQ:rasheed", "l:NG:tb")] == [  # type: ignore[union-attr]
        "site", "site", "site", "town"]
