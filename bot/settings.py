"""Bot settings from the environment (BRIEFBOT_*, plus the platforms' usual token names) and an optional TOML file.

Precedence: explicit arguments > environment > the TOML file named by BRIEFBOT_CONFIG > defaults.
Built on demand by `load_settings()`; nothing is read at import time.
"""
from __future__ import annotations

import os
from datetime import timedelta  # scheduler durations
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

CONFIG_ENV = "BRIEFBOT_CONFIG"


class SettingsError(Exception):
    """Settings could not be read; the message says which value and what to do."""


def _token(env_name: str) -> Any:
    return Field(default=None, validation_alias=AliasChoices(env_name, env_name.lower()))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRIEFBOT_", extra="ignore", populate_by_name=True)

    database_url: str | None = None  # None: the engine's embedded SQLite file
    timezone: str = "UTC"  # how "today", "yesterday" and digest times are read
    load_samples_when_empty: bool = True  # `briefbot run` ingests the bundled sample corpus into an empty database
    places_file: Path | None = None  # user gazetteer extension
    actors_file: Path | None = None  # user actor-alias extension
    ingest_workers: int = Field(default=1, ge=1, le=64)  # processes extracting during `briefbot ingest` (1: inline)
    slack_bot_token: SecretStr | None = _token("SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = _token("SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = _token("SLACK_SIGNING_SECRET")
    discord_token: SecretStr | None = _token("DISCORD_TOKEN")

    # --- Discord adapter (adapters/discord) -------------------------------------------------------
    discord_api_base: str = "https://discord.com/api/v10"  # REST root (a proxy or a test double)
    discord_gateway_url: str | None = None  # None: discord.py's default gateway, wss://gateway.discord.gg/
    discord_application_id: int | None = None  # None: read from Discord at login
    discord_sharded: bool = False  # AutoShardedClient (Discord asks for it from 2,500 guilds)
    discord_shard_count: int | None = None  # None with sharding: Discord recommends a count
    discord_shard_ids: list[int] | None = None  # the shards this process runs (DMs go to the owner of shard 0)
    discord_index_refresh_seconds: float = 60.0  # full reload of the /incident autocomplete index
    discord_index_check_seconds: float = 5.0  # cheap "did an ingest change the incidents?" check

    @field_validator("discord_gateway_url", "discord_application_id", "discord_shard_count", "discord_shard_ids",
                     mode="before")
    @classmethod
    def _discord_blank_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("discord_shard_ids", mode="before")
    @classmethod
    def _discord_shard_list(cls, value: Any) -> Any:
        """`0,1` as well as the JSON `[0, 1]`."""
        if isinstance(value, str) and not value.strip().startswith("["):
            return [int(part) for part in value.split(",") if part.strip()]
        return value

    @property
    def discord_uses_shards(self) -> bool:
        return self.discord_sharded or self.discord_shard_count is not None or self.discord_shard_ids is not None
    # --- end Discord adapter ------------------------------------------------------------------------

    # --- Slack adapter (adapters/slack) -------------------------------------------------------------
    slack_api_url: str = "https://slack.com/api/"  # Web API base URL (a proxy or a test double); ends with /
    slack_mode: str = "socket"  # socket (app-level token, no public endpoint) | http (signing secret, public URL)
    slack_http_host: str = "0.0.0.0"  # HTTP mode: where the events endpoint listens
    slack_http_port: int = 3000
    slack_http_path: str = "/slack/events"  # HTTP mode: Request URL path for slash commands and events
    slack_client_id: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_CLIENT_ID", "slack_client_id"))
    slack_client_secret: SecretStr | None = _token("SLACK_CLIENT_SECRET")  # with the id: multi-workspace OAuth
    slack_scopes: str | None = None  # OAuth bot scopes, comma-separated; None: the scopes the manifest asks for
    slack_redirect_uri: str | None = None  # OAuth redirect URL, when the app has several

    @field_validator("slack_client_id", "slack_client_secret", "slack_scopes", "slack_redirect_uri", mode="before")
    @classmethod
    def _slack_blank_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_api_url")
    @classmethod
    def _slack_api_url(cls, value: str) -> str:
        """slack-sdk joins method names onto the base URL, which therefore needs its trailing slash."""
        return value.strip().rstrip("/") + "/"

    @field_validator("slack_mode")
    @classmethod
    def _slack_mode(cls, value: str) -> str:
        mode = value.strip().lower()
        if mode not in ("socket", "http"):
            raise ValueError(f"slack_mode must be 'socket' or 'http', not {value!r}")
        return mode

    @property
    def slack_multi_workspace(self) -> bool:
        """HTTP mode with OAuth installs (any number of workspaces) instead of one bot token."""
        return self.slack_mode == "http" and self.slack_client_id is not None and self.slack_client_secret is not None
    # --- end Slack adapter --------------------------------------------------------------------------

    # --- scheduler: digests and feeds (bot/scheduler.py) --------------------------------------------
    # Durations accept seconds (900), "15m", "6h", "1d" or ISO 8601 ("PT6H").
    dispatcher_interval: timedelta = timedelta(seconds=30)  # how often due digests and feeds are looked for
    digest_lease: timedelta = timedelta(minutes=10)  # a claimed digest is retried by any process after this
    digest_late_after: timedelta = timedelta(minutes=15)  # a digest sent later than this says it is late
    feed_interval: timedelta = timedelta(minutes=15)  # default polling interval for `briefbot feeds add`
    feed_alert_after: timedelta = timedelta(hours=6)  # a feed failing this long is reported to the channels, once
    feed_timeout: float = 20.0  # seconds per feed request

    @field_validator("dispatcher_interval", "digest_lease", "digest_late_after", "feed_interval", "feed_alert_after",
                     mode="before")
    @classmethod
    def _duration(cls, value: Any) -> Any:
        """'15m', '6h', '1d', '90s' (and plain seconds) as well as pydantic's own forms."""
        text = str(value).strip().lower() if isinstance(value, str) else None
        units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
        if text and text[-1] in units and text[:-1].replace(".", "", 1).isdigit():
            return timedelta(seconds=float(text[:-1]) * units[text[-1]])
        return value

    @field_validator("dispatcher_interval", "digest_lease", "feed_interval")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value.total_seconds() <= 0:
            raise ValueError("must be longer than zero, e.g. 30s or 15m")
        return value
    # --- end scheduler --------------------------------------------------------------------------------

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as 'UTC' or 'Europe/Berlin'") from None
        return value

    @field_validator(
        "database_url", "places_file", "actors_file",
        "slack_bot_token", "slack_app_token", "slack_signing_secret", "discord_token",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=settings_cls.model_config.get("toml_file"))
        return init_settings, env_settings, toml, file_secret_settings

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def has_slack(self) -> bool:
        return self.slack_bot_token is not None or self.slack_multi_workspace

    @property
    def has_discord(self) -> bool:
        return self.discord_token is not None


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Read settings now. `config_file` (else $BRIEFBOT_CONFIG) names a TOML file with the same keys."""
    path = config_file or os.environ.get(CONFIG_ENV) or None
    cls: type[Settings] = Settings
    if path:
        path = Path(path).expanduser()
        if not path.is_file():
            raise SettingsError(f"{CONFIG_ENV} names {path}, which is not a file; fix the path or unset {CONFIG_ENV}.")
        cls = type("Settings", (Settings,), {"model_config": {**Settings.model_config, "toml_file": path}})
    try:
        return cls(**overrides)
    except ValueError as exc:  # pydantic's ValidationError and TOML decode errors
        where = f" (environment or {path})" if path else " (environment)"
        raise SettingsError(f"Invalid briefbot settings{where}: {exc}") from exc
