"""/incidents merge on Discord through the real discord.py over the loopback fake gateway and REST: a member
with Manage Channels only is refused privately and nothing changes; one with Manage Server merges (issue 12)."""
from __future__ import annotations

from briefings import Engine
from tests.adapters.discord.fake_discord import MANAGE_CHANNELS, MANAGE_GUILD, FakeDiscord
from tests.adapters.discord.harness import running
from tests.adapters.discord.test_discord_loopback import EPHEMERAL, answer_of
from tests.bot.test_incidents_manual import engine, slugs  # noqa: F401 (engine: the shared fixture)


def test_manage_channels_is_not_enough_and_manage_server_merges(fake: FakeDiscord, engine: Engine) -> None:
    kirkuk = [s for s in slugs(engine) if s.startswith("kirkuk")]
    text = f"merge {kirkuk[0]} {kirkuk[1]}"
    with running(fake, engine):
        refused = answer_of(fake, fake.interaction("incidents", {"since": text}, permissions=MANAGE_CHANNELS))[0]
        after_refusal = slugs(engine)
        merged = answer_of(fake, fake.interaction("incidents", {"since": text}, permissions=MANAGE_GUILD))[0]
    assert refused["flags"] & EPHEMERAL and refused["content"].startswith("Only admins can merge")
    assert set(kirkuk) <= set(after_refusal)
    assert not (merged.get("flags") or 0) & EPHEMERAL
    assert merged["content"].startswith(f"Merged {kirkuk[1]} into {kirkuk[0]}") and "by discord:" in merged["content"]
    assert kirkuk[1] not in slugs(engine)
