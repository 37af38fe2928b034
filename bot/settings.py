"""Bot settings from the environment (BRIEFBOT_*, plus the platforms' usual token names) and an optional TOML file.

Precedence: explicit arguments > environment > the TOML file named by BRIEFBOT_CONFIG > defaults.
Built on demand by `load_settings()`; nothing is read at import time.
"""
from __future__ import annotations

import os
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
    slack_bot_token: SecretStr | None = _token("SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = _token("SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = _token("SLACK_SIGNING_SECRET")
    discord_token: SecretStr | None = _token("DISCORD_TOKEN")

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
        return self.slack_bot_token is not None

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
