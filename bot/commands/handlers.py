"""Command handlers: a Call (engine + typed options) in, a Reply out. They return values and never send."""
from __future__ import annotations

from typing import Any

from bot.commands.spec import Attachment, Call, Reply


def _since(call: Call) -> dict[str, Any]:
    """Only pass `since` when the user gave one, so the engine's own default applies otherwise."""
    since = call.options.get("since")
    return {} if since is None else {"since": since}


def incident(call: Call) -> Reply:
    return Reply(briefing=call.engine.incident(call.options["query"], on=call.options.get("date")))


def evidence(call: Call) -> Reply:
    return Reply(briefing=call.engine.evidence(call.options["query"], on=call.options.get("date")))


def disputes(call: Call) -> Reply:
    return Reply(briefing=call.engine.disputes(**_since(call)))


def digest(call: Call) -> Reply:
    return Reply(briefing=call.engine.digest(**_since(call)))


def sources(call: Call) -> Reply:
    return Reply(briefing=call.engine.sources(call.options["query"], on=call.options.get("date")))


def chart(call: Call) -> Reply:
    """The incident's figures as a PNG (briefings/chart.py) with a one-line key; no figures: a note."""
    from briefings.chart import incident_chart

    briefing = call.engine.incident(call.options["query"], on=call.options.get("date"))
    drawn = incident_chart(briefing.data)
    ranges = ", ".join(f"{s.field} {s.low:g}" + ("" if s.low == s.high else f"–{s.high:g}") for s in drawn.data.series)
    text = (f"{drawn.data.title}: {ranges}, as claimed by {len(drawn.data.holders)} source(s). One marker per claim; "
            "filled: each source's latest figure; shaded: lowest to highest.")
    return Reply(text=text, attachment=Attachment(drawn.filename, drawn.png, "image/png", drawn.alt_text,
                                                  drawn.data.title))


def help_reply(call: Call) -> Reply:
    return Reply.note(call.registry.help_text())
