"""Free text in a DM, a mention or the console: routed to a command, or answered as a question.

`route` maps a message to a command (help, digest, disputes…); `ask` finds the incident anywhere in a
question and answers the field asked about (bot/dm/ask.py).
"""
from bot.dm.route import DmCommand, parse_dm

__all__ = ["DmCommand", "parse_dm"]
