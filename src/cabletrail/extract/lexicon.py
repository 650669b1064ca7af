"""The versioned rule and lexicon files of the extraction stage, loaded once.

Their versions and content hash make the extractor's config hash, stamped on every stored
fact, so a change to a lexicon marks older facts as stale.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cabletrail.errors import SettingError

FILES = ("entities", "events", "roles", "topics", "timex")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _default_path(name: str) -> str:
    return f"lexicons/{name}.v1.yaml"


@cache
def load(name: str, override: str | None = None) -> dict[str, Any]:
    """The lexicon ``name``; ``override`` is a user's replacement file (e.g. topics)."""
    if override:
        path = Path(override)
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise SettingError(f"cannot read {name} file {path}: {exc.strerror}") from None
    else:
        text = (
            resources.files("cabletrail.extract").joinpath(_default_path(name)).read_text("utf-8")
        )
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise SettingError(f"{override or name} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or "version" not in data:
        raise SettingError(f"{override or name} must be a mapping with a `version` key")
    return data


def config_hash(overrides: dict[str, str | None], model: str) -> str:
    """A short hash of everything that changes extraction output."""
    h = hashlib.sha256(model.encode())
    for name in FILES:
        h.update(repr(sorted(load(name, overrides.get(name)).items())).encode())
    return h.hexdigest()[:16]
