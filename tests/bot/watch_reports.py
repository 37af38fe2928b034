"""Invented reports for the watch tests (no corpus text): places in Ukraine and Iraq, figures that move.

Verbolozivka is an invented village: no gazetteer has it, so the engine learns it from the text, with its parent."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from briefings.engine import Engine
from bot.commands import Caller, Reply, default_registry, dispatch
from bot.scheduling.watches_delivery import AlertStore

CONSOLE = Caller(platform="console")


def report(tmp: Path, name: str, outlet: str, published: str, body: str, title: str) -> Path:
    path = tmp / f"{name}.txt"
    path.write_text(f"title: {title}\noutlet: {outlet}\npublished: {published}\n---\n{body}\n")
    return path


VILLAGE_FIRST = ("Two civilians were killed and five wounded when a missile struck the village of Verbolozivka in "
                 "Kharkiv region on Tuesday, the regional governor said.")
VILLAGE_LATER = ("Seven people were killed in Tuesday's missile strike on the village of Verbolozivka in Kharkiv region, "
                 "emergency services said.")
CHUHUIV = ("Four people were wounded when a glide bomb hit an apartment block in Chuhuiv on Wednesday, "
           "the regional governor said.")
ODESA = ("Three people were killed when a drone hit a warehouse in Odesa on Tuesday, the city's mayor said.")
ERBIL_NEAR = ("Two soldiers were killed when a drone struck a checkpoint in Erbil on Monday, the interior "
              "ministry said.")
BASRA = ("Four people were killed when a car bomb exploded in Basra on Monday, police said.")


def watch(engine: Engine, args: str, caller: Caller = CONSOLE) -> Reply:
    return dispatch(default_registry(), engine, "watch", args, caller=caller)


def now(minutes: float = 0) -> datetime:
    return datetime.now(timezone.utc) + timedelta(minutes=minutes)


def alerts_now(store: AlertStore, platforms: frozenset[str] = frozenset({"console"}), minutes: float = 0) -> list:
    """Scan, then claim what is due at now + minutes: the batches a dispatcher tick would send."""
    store.scan(now(minutes))
    return store.claim(now(minutes), platforms)
