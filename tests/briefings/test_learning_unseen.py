"""`Unseen.may_change` decides which reports the writer extracts again after workers read them (learning.py): it
must say yes whenever a name or place learned elsewhere could change what `find` reads or what `same_as` answers
(else --workers would store something one process would not), and should say no otherwise (each yes costs one
extraction in the writer)."""
from __future__ import annotations

from briefings.extract.types import Place
from briefings.ingest.learning import Unseen
from briefings.knowledge.learned import Learned, LearnedPlaces

KHARKIV = "Ukraine"


def _learned(name: str, kind: str = "town", admin1: str | None = "Kharkiv", country: str = KHARKIV) -> Learned:
    pid = f"l:UA:{(admin1 or '').lower()}:{name.lower().replace(' ', '-')}"
    return Learned(Place(id=pid, name=name, kind=kind, country=country, admin1=admin1), (name,))


def _unseen(*elsewhere: Learned) -> Unseen:
    unseen = Unseen()
    unseen.note([*elsewhere, None])
    return unseen


def test_a_name_learned_elsewhere_counts_only_where_find_could_read_it() -> None:
    unseen = _unseen(_learned("Velyka Zelvorika"))
    assert unseen.may_change("Mourners in Velyka Zelvorika buried the dead.", None, [])
    assert unseen.may_change("Funerals.", "Velyka Zelvorika mourns", [])  # the title too
    assert unseen.may_change("Mourners in Velyka  Zelvorika, Kharkiv region.", None, [])  # spacing is no difference
    # the first word alone, another word after it, or not capitalised: `find` reads no name there
    assert not unseen.may_change("Velyka Novosilka was shelled.", None, [])
    assert not unseen.may_change("The velyka zelvorika road was closed.", None, [])
    assert not unseen.may_change("Nothing learned elsewhere is named here.", None, [])
    assert not Unseen().may_change("Mourners in Velyka Zelvorika buried the dead.", None, [])


def test_a_place_taught_here_counts_where_same_as_could_join_it_to_one_learned_elsewhere() -> None:
    unseen = _unseen(_learned("Zelvorika"))
    assert unseen.may_change("No names.", None, [_learned("Zelvoryka"), None])  # one letter: same_as joins them
    assert unseen.may_change("No names.", None, [_learned("Zel-vorika"), None])
    assert not unseen.may_change("No names.", None, [_learned("Zelvoryka", kind="site"), None])
    assert not unseen.may_change("No names.", None, [_learned("Zelvoryka", admin1="Sumy"), None])
    assert not unseen.may_change("No names.", None, [_learned("Zelvoryka", country="Russia"), None])
    assert not unseen.may_change("No names.", None, [_learned("Hroza"), None])


def test_the_join_test_is_the_one_same_as_applies() -> None:
    """may_change's join test and same_as must agree: both use spelled_alike."""
    for new in ("Zelvoryka", "Zel-vorika", "Hroza", "Zelvorika"):
        registry = LearnedPlaces()
        old = _learned("Zelvorika", admin1=None)
        registry.add(old)
        joined = registry.same_as(_learned(new)).place.id == old.place.id and _learned(new).place.id != old.place.id
        assert joined == _unseen(old).may_change("No names.", None, [_learned(new)]), new
