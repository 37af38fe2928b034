"""What a conversation is about: the incident (and fields) of the last answer, per user and channel.

A follow-up ("and the wounded?", "who said that?") refers to it. Kept in the process, bounded and
forgotten after a while: losing it on a restart only means the next question has to name the incident.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

Key = tuple[str, str | None, str | None]  # platform, user, channel


@dataclass(frozen=True)
class Topic:
    slug: str
    fields: tuple[str, ...]
    at: float
    lang: str = "en"  # the language of the conversation: a follow-up naming only a place keeps it
    choices: tuple[str, ...] = ()  # an ask-back's incidents (slug ""): "2" or "balad" answers the question pending


class Conversations:
    """Thread-safe (answers run in worker threads); at most `size` conversations, each for `ttl` seconds."""

    def __init__(self, ttl: float = 1800.0, size: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.size, self.clock = ttl, size, clock
        self._topics: OrderedDict[Key, Topic] = OrderedDict()
        self._lock = threading.Lock()

    def recall(self, key: Key) -> Topic | None:
        with self._lock:
            topic = self._topics.get(key)
            if topic is None or self.clock() - topic.at > self.ttl:
                self._topics.pop(key, None)
                return None
            return topic

    def remember(self, key: Key, slug: str, fields: tuple[str, ...], lang: str = "en",
                 choices: tuple[str, ...] = ()) -> None:
        with self._lock:
            self._topics.pop(key, None)
            self._topics[key] = Topic(slug, fields, self.clock(), lang, choices)
            while len(self._topics) > self.size:
                self._topics.popitem(last=False)
