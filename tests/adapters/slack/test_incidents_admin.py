"""/incidents merge on Slack through the real bolt + slack-sdk over the loopback fake: a member is refused
privately and nothing changes; a workspace admin (users.info is_admin) merges, and the channel sees it (issue 12)."""
from __future__ import annotations

from typing import Any

from briefings import Engine
from tests.adapters.slack.harness import page_texts, run, running
from tests.bot.test_incidents_manual import engine, slugs  # noqa: F401 (engine: the shared fixture)


def test_a_member_is_refused_and_a_workspace_admin_merges(engine: Engine) -> None:
    kirkuk = [s for s in slugs(engine) if s.startswith("kirkuk")]
    text = f"merge {kirkuk[0]} {kirkuk[1]}"

    async def scenario() -> tuple[list[dict[str, Any]], list[str], list[dict[str, Any]]]:
        async with running(engine) as (fake, _):
            fake.admins.add("UADMIN")
            member = fake.slash_envelope("/incidents", text, user="UMEMBER")
            await fake.push(member)
            url = member["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(url)), what="the refusal")
            after_refusal = slugs(engine)
            admin = fake.slash_envelope("/incidents", text, user="UADMIN")
            await fake.push(admin)
            done = admin["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(done)), what="the merge message")
            return fake.hooks_to(url), after_refusal, fake.hooks_to(done)

    refusal, after_refusal, merged = run(scenario())
    assert refusal[0]["response_type"] == "ephemeral" and "Only admins can merge" in page_texts(refusal)
    assert set(kirkuk) <= set(after_refusal)  # the refusal changed nothing
    assert merged[0]["response_type"] == "in_channel"
    assert f"Merged {kirkuk[1]} into {kirkuk[0]}" in page_texts(merged) and "by slack:UADMIN at" in page_texts(merged)
    assert kirkuk[1] not in slugs(engine)
