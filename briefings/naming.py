"""What a new incident is called: its slug ("kalsu-2024-04-19") and its title ("Explosion at Kalsu (Babil, Iraq)")."""
from __future__ import annotations

import re
import unicodedata

from briefings.extract.events import headline_type
from briefings.extract.frames import Frame
from briefings.extract.types import Place
from briefings.knowledge.places import Gazetteer


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "incident"


def incident_title(frame: Frame, primary: Place, places: Gazetteer) -> str:
    kind = headline_type(frame.types)
    where = primary.name
    others = [
        p.name for p in frame.specific()
        if p.id != primary.id and p.kind == primary.kind and not any(a.id == p.id for a in places.ancestors(primary))
    ]
    if others:
        where += " and " + ", ".join(others[:2])
    region = [x for x in (primary.admin1, primary.country) if x and x != primary.name]
    return f"{kind} at {where}" + (f" ({', '.join(region)})" if region else "")
