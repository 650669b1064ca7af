"""The docs are tested: every command is in the README, every setting in docs/settings.md,
and the README's quick start is exactly the two make targets."""

from __future__ import annotations

import re
from pathlib import Path

from cabletrail.cli.main import cli
from cabletrail.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_every_command_is_documented_in_the_readme() -> None:
    for name in cli.commands:
        assert f"`{name}" in README, f"command {name!r} is not in README.md"


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text("utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in text and f"`{setting.env}`" in text, setting.name
        assert str(setting.default) in text, f"default of {setting.name} is out of date"


def test_quick_start_is_make_demo_and_make_test() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block is not None
    assert block[1].split("\n")[:-1] == ["make demo", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")
