"""Where settings come from: the `.env` file, the TOML file, and checks that refuse keys nobody reads.

A misspelled key used to be dropped without a word, so a setting silently kept its default. Both files
are read here (before pydantic sees them) so that an unknown key is an error naming the file, the key
and the closest known key. `origins` tells `briefbot config` where each effective value came from.
"""
from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

ENV_PREFIX = "BRIEFBOT_"
ENV_FILE_ENV = "BRIEFBOT_ENV_FILE"  # names the .env file; default: ./.env when it exists
NOT_SETTINGS = frozenset({"BRIEFBOT_CONFIG", "BRIEFBOT_ENV_FILE"})  # read before the settings, not settings


class UnknownKey(ValueError):
    """A configuration file names a key that no setting reads."""


@dataclass(frozen=True)
class FieldNames:
    """One setting's names: its key in the TOML file and every environment name that sets it."""

    key: str
    env: tuple[str, ...]


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name a typo most likely meant ("databse_url" → "database_url")."""
    candidates = list(known)
    found = difflib.get_close_matches(word.lower(), [c.lower() for c in candidates], n=1, cutoff=0.6)
    if not found:
        return None
    return next(c for c in candidates if c.lower() == found[0])


def _unknown(word: str, where: str, known: Iterable[str]) -> UnknownKey:
    hint = closest(word, known)
    suggestion = f"; did you mean '{hint}'?" if hint else "; see config/briefbot.toml for the known keys."
    return UnknownKey(f"unknown setting '{word}' in {where}{suggestion}")


def env_file_path(explicit: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The .env file to read: the one named (argument, $BRIEFBOT_ENV_FILE), else ./.env when present."""
    environ = os.environ if environ is None else environ
    named = explicit or environ.get(ENV_FILE_ENV)
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"{ENV_FILE_ENV} names {path}, which is not a file")
        return path
    default = Path(".env")
    return default if default.is_file() else None


def read_env_file(path: Path | None, fields: Iterable[FieldNames]) -> dict[str, str]:
    """NAME=value lines (the dotenv format: quotes, `export`, comments). An unknown BRIEFBOT_ name is an error;
    other names (PATH, a database password used by compose …) are left alone."""
    if path is None:
        return {}
    values = {k: v for k, v in dotenv_values(path).items() if v is not None}
    known = {name.upper() for f in fields for name in f.env} | NOT_SETTINGS
    for name in values:
        if name.upper().startswith(ENV_PREFIX) and name.upper() not in known:
            raise _unknown(name, str(path), sorted(n for n in known if n.startswith(ENV_PREFIX)))
    return values


def read_toml(path: Path, fields: Iterable[FieldNames]) -> dict[str, object]:
    """The TOML file's keys, all of them known (else UnknownKey naming the closest one)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from None
    known = [f.key for f in fields]
    for key in data:
        if key not in known:
            raise _unknown(key, str(path), known)
    return data


def origin(names: FieldNames, *, overrides: Mapping[str, object], environ: Mapping[str, str],
           dotenv: Mapping[str, str], dotenv_path: Path | None, toml: Mapping[str, object],
           toml_path: Path | None) -> str:
    """Where one setting's effective value came from, in the settings' order of precedence."""
    if names.key in overrides:
        return "command line"
    upper_env = {k.upper(): k for k in environ}
    for name in names.env:
        if name.upper() in upper_env:
            return f"environment {upper_env[name.upper()]}"
    upper_dot = {k.upper(): k for k in dotenv}
    for name in names.env:
        if name.upper() in upper_dot:
            return f"{dotenv_path} {upper_dot[name.upper()]}"
    if names.key in toml:
        return f"{toml_path}"
    return "default"
