"""The segmenter's event cues, skipped cheaply for the six sentences in ten that hold none of their gate stems."""
from __future__ import annotations

from briefings.extract import events
from briefings.extract.events import Cues, cues
from briefings.extract.numbers import fold
from briefings.extract.stems import Stems

__all__ = ["sentence_cues"]


def _cue_stems() -> Stems | None:
    """Every stem events.cues gates its patterns with (the same tuples it tests); None (no pre-test) if one moved."""
    try:
        gates = [*events._TYPE_GATES.values(), events._GENERIC_GATE, events._EARLIER_GATE, events._FOLLOW_GATE,
                 events._LATEST_GATE, events._OCCURRED_GATE]
    except AttributeError:
        return None
    return Stems(stem for gate in gates for stem in gate)


_CUE_STEMS = _cue_stems()
_NO_CUES = cues("")  # what cues() says of a sentence holding none of its gates' stems (six in ten sentences)


def sentence_cues(text: str) -> Cues:
    """events.cues(text), without running its patterns when the folded text holds none of their gate stems."""
    if _CUE_STEMS is not None and not _CUE_STEMS.any(fold(text)):
        return _NO_CUES
    return cues(text)
