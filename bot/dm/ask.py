"""A free-text message answered as asked: find the incident anywhere in the question, answer the field.

Slash lines, help and digests go to the commands as before (bot/dm/route.py). Everything else is read as
a question (bot/dm/question.py), located (bot/dm/locate.py) and answered with the rows of the field asked
about (bot/dm/answer.py); a question that asks no field gets the whole briefing, an area or a span a list.
A follow-up that names nothing refers to the incident of the last answer in the same conversation.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from bot.commands import Caller, Registry, Reply, dispatch
from bot.dm import answer as say
from bot.dm import choose
from bot.dm.lang import marked_language
from bot.dm.locate import Located, date_text, locate
from bot.dm.memory import Conversations, Key
from bot.dm.phrases import phrase
from bot.dm.question import Question, read_question
from bot.dm.route import parse_dm
from bot.dm.words import FOLLOW_ON, MORE, fold
from briefings.briefing import Briefing, Item, Section
from briefings.errors import BriefingError, NoMatch
from briefings.finder import IncidentRow

if TYPE_CHECKING:
    from briefings.engine import Engine

log = logging.getLogger(__name__)

FIELD_ROWS = ("killed", "wounded", "perpetrator", "weapon", "target", "denial", "distance_km")
ROUTED = ("help", "digest")
#: A reply to an ask-back that only names the incident ("balad", "the one in erbil"), no new question.
ONLY_NAMES = re.compile(r"^(?!.*\b(?:what|whats|who|how|when|where|which|why|tell|show|quoi|qui|quel\w*|comment|quand"
                        r"|cuant\w*|quien\w*|como|donde|cuando|quant\w*|quem|onde|quando|chi|cosa|dove|was|wer|wie|wann"
                        r"|wo)\b)(?!.*(?:ما|ماذا|كم|متى|أين))\S+(?:\s+\S+){0,4}$")


class Questions:
    """Answers free text for every platform; remembers each conversation's topic for follow-ups."""

    def __init__(self, conversations: Conversations | None = None) -> None:
        self.conversations = conversations or Conversations()

    def answer(self, message: str, engine: Engine, registry: Registry, *, now: datetime,
               caller: Caller) -> Reply | None:
        command = parse_dm(message)
        if command is None:
            return None
        text = " ".join(message.split())
        key: Key = (caller.platform, caller.user, caller.channel)
        topic = self.conversations.recall(key)
        if topic and topic.choices and (n := choose.picked(text, len(topic.choices))):  # "2" after an ask-back
            return self.choose(choose.encode(topic.choices[n - 1], topic.fields, topic.lang), engine, caller=caller)
        if text.startswith("/") or command.name in ROUTED or not hasattr(engine, "lookup"):
            return dispatch(registry, engine, command.name, command.args, now=now, caller=caller)
        try:
            q = read_question(text, engine.knowledge.places, now)
        except Exception:
            log.exception("reading the question %r failed", text)
            return dispatch(registry, engine, command.name, command.args, now=now, caller=caller)
        if command.name in ("incidents", "disputes") and not (q.slugs or q.locating) and (command.args or not q.dates):
            return dispatch(registry, engine, command.name, command.args, now=now, caller=caller)
        fields = q.fields
        if command.name == "sources" and "sources" not in fields:
            fields = ("sources", *fields)
        if "disputed" in fields:  # "what do sources disagree on": the disputes, not the source list
            fields = tuple(f for f in fields if f != "sources")
        lang = marked_language(text) or (topic.lang if topic else "en")
        if not fields and topic and topic.fields and (FOLLOW_ON.match(fold(text)) or (
                topic.choices and not topic.slug and ONLY_NAMES.match(fold(text)))):
            fields = topic.fields  # "and at balad?", or "balad" after an ask-back: the same question about it
        if q.who_said and topic and not q.names_something():
            fields = topic.fields or ("sources",)
        more = not (fields or q.words) and bool(MORE.search(fold(text)))  # "tell me more": all of the last one
        follows = topic.slug if topic and not q.names_something() and (fields or q.who_said or more) else None
        try:  # a bug here must not leave the user without an answer: the plain command answers then
            plain = command.name == "incident" and bool(q.words) and not (
                q.places or q.dates or q.slugs or fields or follows or q.who_said)
            found = _by_engine(engine, command.args, q.words) if plain else None  # names nothing we read: /incident's
            reply, slug = found or self._reply(engine, q, fields, locate(engine, q, follows, lang), lang)
        except NoMatch as exc:
            return Reply.note(phrase(lang, "no_match", query=exc.query))
        except BriefingError as exc:
            return Reply.note(str(exc))
        except Exception:
            log.exception("answering the question %r failed", text)
            return dispatch(registry, engine, command.name, command.args, now=now, caller=caller)
        if slug:
            self.conversations.remember(key, slug, fields, lang)
        elif picks := tuple(a.args.split()[0] for a in reply.actions if a.command == choose.PICK and a.args):
            self.conversations.remember(key, "", fields, lang, picks)  # an ask-back: its question is pending
        return reply

    def choose(self, args: str, engine: Engine, *, caller: Caller) -> Reply:
        """A button of an ask-back pressed: the question it was asked for, answered for that incident."""
        choice = choose.decode(args)
        if choice is None:
            return Reply.note(phrase("en", "gone"))
        rows = engine.lookup(slugs=[choice.slug])
        if not rows:
            return Reply.note(phrase(choice.lang, "gone"))
        try:
            reply, slug = _one(engine, choice.fields, rows[0], (), choice.lang)
        except BriefingError as exc:
            return Reply.note(str(exc))
        self.conversations.remember((caller.platform, caller.user, caller.channel), slug, choice.fields, choice.lang)
        return reply

    def _reply(self, engine: Engine, q: Question, fields: tuple[str, ...], found: Located,
               lang: str = "en") -> tuple[Reply, str | None]:
        if found.kind == "none":
            return _nothing(engine, q, found, lang), None
        if found.kind == "list":
            listed = found.rows
            if "disputed" in fields:  # "what is disputed in anbar?": the contested ones
                listed = tuple(r for r in listed if r.status == "contested") or listed
            rows = [f for f in fields if f in FIELD_ROWS]
            return Reply(text=say.list_answer(listed, found.area, rows, lang=lang)), None
        return _one(engine, fields, found.rows[0], found.rows[1:], lang)


def _one(engine: Engine, fields: tuple[str, ...], best: IncidentRow, others: tuple[IncidentRow, ...],
         lang: str) -> tuple[Reply, str]:
    """One incident's answer; other incidents that fit as well are buttons asking the same about them."""
    more = choose.actions(others, fields, lang)
    if "sources" in fields:
        return Reply(briefing=engine.sources(best.slug), actions=more), best.slug
    rows = [f for f in fields if f in FIELD_ROWS]
    if not fields:
        return Reply(briefing=_with_others(engine.incident(best.slug), others), actions=more), best.slug
    b = engine.incident(best.slug)
    if "changes" in fields:  # "what changed in the toll?": the history of the figures
        text = say.changes_answer(b, lang)
    elif rows:
        text = say.field_answer(b, rows, others, lang)
    elif "disputed" in fields:
        text = say.disputed_answer(b, lang)
    elif "when" in fields:
        text = say.when_answer(b, lang)
    else:
        text = say.where_answer(b, lang)
    return Reply(text=text, actions=more), best.slug


def _with_others(b: Briefing, others: tuple[IncidentRow, ...]) -> Briefing:
    """The briefing, and the other incidents that fit the question as well (two incidents at one place)."""
    if not others or any(s.kind == "others" for s in b.sections):
        return b
    items = tuple(Item(label=o.slug, text=f"{o.title} ({say.dates(o.start, o.end)})") for o in others[:5])
    return replace(b, sections=(*b.sections, Section("Other matching incidents", "others", items)))


def _by_engine(engine: Engine, query: str, words: tuple[str, ...]) -> tuple[Reply, str | None] | None:
    """The /incident matcher (names, actors, any word of the reports), as a DM always had it; its pick must
    hold every word asked in its title, place or quotes ("abu taqwa" is not a misspelt place)."""
    try:
        b = engine.incident(query)
    except NoMatch:
        return None
    inc = b.data.get("incident")
    if inc:
        told = fold(" ".join([inc["title"], str(inc["place"].get("name")), *(c["quote"] for c in inc["claims"])]))
        if not all(w in told for w in words):
            return None
    return Reply(briefing=b), inc["slug"] if inc else None


def _which(engine: Engine, q: Question, lang: str) -> Reply:
    """A field asked with no incident named and none talked about: ask back with the likeliest ones."""
    recent = [r for r in engine.lookup(recent=True, limit=30) if not q.fields or set(q.fields) & r.fields()]
    return choose.ask_back(recent, q.fields, lang)


def _nothing(engine: Engine, q: Question, found: Located, lang: str = "en") -> Reply:
    """No incident fits: say what was understood, and the closest incident names as buttons (never an
    unrelated list)."""
    if (q.fields or q.who_said) and not q.names_something() and not q.places:  # words no incident holds: ask back
        return _which(engine, q, lang)
    if found.known_places:
        lines = [phrase(lang, "nothing_at", places=", ".join(found.known_places),
                        on=phrase(lang, "on_date") if q.dates else "")]
    elif q.dates and not q.places:  # "casualties last month?": nothing in that span
        lines = [phrase(lang, "nothing_at", places=" ".join(date_text(d, lang) for d in q.dates), on="")]
    else:
        lines = [phrase(lang, "not_found", text=q.text)]
    close: list[str] = []
    named = 0  # the first `named` come from place names asked ("kalzo"): buttons; the others from any word
    for k, word in enumerate([*(c.text for c in q.places), *q.words][:5]):
        try:
            close += [s for s in engine.suggest(word, limit=3) if s not in close]
        except Exception:
            log.exception("suggest(%r) failed", word)
        named = len(close) if k < len(q.places) else named
    if close:
        lines.append(phrase(lang, "closest", names=", ".join(close[:5])))
    lines.append(phrase(lang, "try"))
    picks = close[:min(named, choose.MAX_CHOICES)]
    found_rows = {r.slug: r for r in engine.lookup(slugs=picks)} if picks else {}
    likely = [found_rows[s] for s in picks if s in found_rows]
    return Reply(text="\n".join(lines), ephemeral=True, actions=choose.actions(likely, q.fields, lang))
