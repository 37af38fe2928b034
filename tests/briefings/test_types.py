"""The value types built for every sentence and date keep a frozen dataclass's behaviour with a faster __init__."""
from __future__ import annotations

import dataclasses
import inspect
import pickle
from datetime import date

import pytest

from briefings.extract.events import Cues
from briefings.extract.types import ClaimDraft, DateRef, PlaceMention, Quantity, Sentence


@pytest.mark.parametrize("cls", [Sentence, DateRef, ClaimDraft, Quantity, PlaceMention, Cues])
def test_the_hand_written_init_takes_every_field_in_order_with_its_default(cls: type) -> None:
    """A field added to the class but not to its __init__ would be lost silently: the two must agree."""
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
                                           for f in fields]


def test_sentences_and_dates_stay_frozen_comparable_and_copyable() -> None:
    s = Sentence("Two died on Friday.", 40, 59, 2)
    d = DateRef(date(2024, 4, 19), date(2024, 4, 19), "day", "on Friday", 49, 58, relative=True)
    assert s == Sentence("Two died on Friday.", 40, 59, 2, False) and hash(s) == hash(Sentence("Two died on Friday.", 40, 59, 2))
    assert d.role == "event" and d.relative and d != dataclasses.replace(d, role="report")
    assert dataclasses.replace(s, heading=True).heading and not s.heading
    assert pickle.loads(pickle.dumps([s, d])) == [s, d]  # frames travel to and from extraction workers
    assert repr(s) == "Sentence(text='Two died on Friday.', start=40, end=59, paragraph=2, heading=False)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.start = 0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.role = "report"  # type: ignore[misc]


def test_claims_and_quantities_stay_frozen_comparable_and_copyable() -> None:
    c = ClaimDraft("killed", "3", 3.0, "at least", "police", "asserts", 0, 40, victims="soldiers")
    q = Quantity(3, "at least", "at least three", 4, 18)
    assert c == ClaimDraft("killed", "3", 3.0, "at least", "police", "asserts", 0, 40, "soldiers", None, ())
    assert hash(c) == hash(dataclasses.replace(c)) and c.extra == () and c.reference is None
    assert dataclasses.replace(c, extra=(("via", "x"),)).extra == (("via", "x"),) and c.extra == ()
    assert pickle.loads(pickle.dumps([c, q])) == [c, q]
    assert repr(q) == "Quantity(value=3, qualifier='at least', text='at least three', char_start=4, char_end=18)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.value = "4"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.value = 4  # type: ignore[misc]
