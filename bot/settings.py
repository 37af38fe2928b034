"""Bot settings from the environment (BRIEFBOT_*, plus the platforms' usual token names), `.env` and a TOML file.

Precedence: explicit arguments > environment > the .env file (./.env or $BRIEFBOT_ENV_FILE) > the TOML file
named by BRIEFBOT_CONFIG > defaults. An unknown key in either file is an error naming the closest known key
(bot/configsources.py). Built on demand by `load_settings()`; nothing is read at import time.
"""
from __future__ import annotations

import json
import os
import re
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

from bot.configsources import FieldNames, UnknownKey, env_file_path, origin, read_env_file, read_toml

CONFIG_ENV = "BRIEFBOT_CONFIG"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
PREFIX = re.compile(r"^[a-z0-9_-]{0,16}$")  # Slack and Discord command names: lowercase, at most 32 characters


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
    home: Path | None = None  # BRIEFBOT_HOME: the folder of the default SQLite file

    # --- operations (issue 21): logs, health and metrics, start-up, command names ----------------------
    log_level: str = "WARNING"  # DEBUG | INFO | WARNING | ERROR | CRITICAL
    log_format: str = "text"  # text | json (one JSON object per line, for log collectors)
    health_host: str = "127.0.0.1"  # `briefbot run` serves /healthz, /readyz and /metrics here …
    health_port: int | None = Field(default=None, ge=0, le=65535)  # … on this port (unset: not served; 0: any free port)
    startup_retries: int = Field(default=8, ge=0)  # unreachable database/platform at start: tries before giving up
    startup_backoff: float = Field(default=1.0, gt=0)  # first wait between tries, seconds; doubles up to 60 s
    command_prefix: str = ""  # e.g. "bb-": /bb-incident where a workspace already has /incident
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
        return json.loads(value) if isinstance(value, str) else value

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

    # --- scheduler: digests and feeds (bot/scheduling/) ---------------------------------------------
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

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"log_level must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
        return level

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        fmt = value.strip().lower()
        if fmt not in ("text", "json"):
            raise ValueError(f"log_format must be 'text' or 'json', not {value!r}")
        return fmt

    @field_validator("command_prefix")
    @classmethod
    def _command_prefix(cls, value: str) -> str:
        prefix = value.strip().lstrip("/")
        if not PREFIX.match(prefix):
            raise ValueError(f"command_prefix must be up to 16 lowercase letters, digits, '-' or '_' (e.g. 'bb-'), "
                             f"not {value!r}")
        return prefix

    @property
    def database_target(self) -> str | None:
        """The database URL to open: database_url, else the SQLite file under `home` (BRIEFBOT_HOME, which may
        come from .env or the TOML file), else None (the engine's default)."""
        if self.database_url is None and self.home is not None:
            home = Path(self.home).expanduser()
            home.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{home / 'briefbot.sqlite3'}"
        return self.database_url

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as 'UTC' or 'Europe/Berlin'") from None
        return value

    @field_validator(
        "database_url", "places_file", "actors_file", "home", "health_port",
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
        return init_settings, env_settings, dotenv_settings, toml, file_secret_settings

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def has_slack(self) -> bool:
        return self.slack_bot_token is not None or self.slack_multi_workspace

    @property
    def has_discord(self) -> bool:
        return self.discord_token is not None


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return text if text.endswith((".", "?", "!")) else text + "."


def field_names() -> list[FieldNames]:
    """Every setting's TOML key and environment names (BRIEFBOT_<KEY>, or the platform's own token name)."""
    out = []
    for name, info in Settings.model_fields.items():
        alias = info.validation_alias
        env = tuple(a.upper() for a in alias.choices if isinstance(a, str)) if isinstance(alias, AliasChoices) else ()
        out.append(FieldNames(name, env or (f"BRIEFBOT_{name.upper()}",)))
    return out


def load_settings(config_file: str | Path | None = None, env_file: str | Path | None = None,
                  **overrides: Any) -> Settings:
    """Read settings now. `config_file` (else $BRIEFBOT_CONFIG) names a TOML file with the same keys;
    `env_file` (else $BRIEFBOT_ENV_FILE, else ./.env when present) a dotenv file."""
    return load_with_origins(config_file, env_file, **overrides)[0]


def load_with_origins(config_file: str | Path | None = None, env_file: str | Path | None = None,
                      **overrides: Any) -> tuple[Settings, dict[str, str]]:
    """The settings, and for each setting where its value came from (for `briefbot config`)."""
    fields = field_names()
    try:
        dotenv_path = env_file_path(env_file)
        dotenv = read_env_file(dotenv_path, fields)
    except (FileNotFoundError, UnknownKey) as exc:
        raise SettingsError(_sentence(exc)) from None
    path = config_file or os.environ.get(CONFIG_ENV) or dotenv.get(CONFIG_ENV) or None
    toml: dict[str, Any] = {}
    config: dict[str, Any] = {**Settings.model_config, "env_file": dotenv_path}
    if path:
        path = Path(path).expanduser()
        if not path.is_file():
            raise SettingsError(f"{CONFIG_ENV} names {path}, which is not a file; fix the path or unset {CONFIG_ENV}.")
        try:
            toml = read_toml(path, fields)
        except ValueError as exc:
            raise SettingsError(_sentence(exc)) from None
        config["toml_file"] = path
    cls: type[Settings] = type("Settings", (Settings,), {"model_config": config})
    try:
        settings = cls(**overrides)
    except ValueError as exc:  # pydantic's ValidationError
        where = ", ".join(["environment", *(str(p) for p in (dotenv_path, path) if p)])
        raise SettingsError(f"Invalid briefbot settings ({where}): {exc}") from exc
    origins = {f.key: origin(f, overrides=overrides, environ=os.environ, dotenv=dotenv, dotenv_path=dotenv_path,
                             toml=toml, toml_path=Path(path) if path else None) for f in fields}
    return settings, origins
