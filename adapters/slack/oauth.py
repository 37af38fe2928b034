"""Multi-workspace installs (HTTP mode): bolt's OAuth flow with slack-sdk's SQLAlchemy stores.

The installations (bot tokens per workspace) and OAuth states live in the bot's own database, in
slack-sdk's tables (slack_installations, slack_bots, oauth_states), created explicitly at start-up.
The async stores need an async driver: aiosqlite for SQLite, psycopg 3 (async-capable) for PostgreSQL.
Bot tokens are stored as plain text by slack-sdk: restrict access to the database.
"""
from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.settings import Settings

STATE_SECONDS = 600
ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+psycopg"}


class OAuthSetupError(RuntimeError):
    """Multi-workspace mode cannot start (the message says what to install or set)."""


def async_url(database_url: str | None) -> URL:
    """The bot's database URL with an async driver for the same database."""
    from briefings.db.session import default_url

    url = make_url(database_url or default_url())
    driver = ASYNC_DRIVERS.get(url.get_backend_name())
    return url.set(drivername=driver) if driver else url


@dataclass(frozen=True)
class OAuthSetup:
    settings: AsyncOAuthSettings
    installations: AsyncSQLAlchemyInstallationStore
    engine: AsyncEngine

    async def bot_token(self, team_id: str | None) -> str | None:
        bot = await self.installations.async_find_bot(enterprise_id=None, team_id=team_id)
        return bot.bot_token if bot is not None else None


async def oauth_setup(settings: Settings, default_scopes: tuple[str, ...]) -> OAuthSetup:
    """OAuth settings for bolt, with the installation and state tables created if missing."""
    if settings.slack_client_id is None or settings.slack_client_secret is None:
        raise OAuthSetupError("Multi-workspace mode needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET.")
    try:
        engine = create_async_engine(async_url(settings.database_url))
    except ModuleNotFoundError as exc:
        raise OAuthSetupError(f"Multi-workspace Slack needs an async database driver: pip install {exc.name} "
                              "(aiosqlite for SQLite, psycopg for PostgreSQL).") from None
    installations = AsyncSQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)
    states = AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)
    await installations.create_tables()
    await states.create_tables()
    scopes = [s.strip() for s in (settings.slack_scopes or "").split(",") if s.strip()] or list(default_scopes)
    oauth = AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=scopes,
        redirect_uri=settings.slack_redirect_uri,
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=states,
        state_expiration_seconds=STATE_SECONDS,
    )
    return OAuthSetup(oauth, installations, engine)
