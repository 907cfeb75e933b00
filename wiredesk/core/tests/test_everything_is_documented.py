"""A command, an option or a setting that the docs do not mention fails the suite."""

import re
from pathlib import Path

from wiredesk.core import helpdocs

REPO = Path(__file__).resolve().parents[3]


def test_commands_page_matches_every_commands_help():
    page = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    assert page == helpdocs.render(), (
        "docs/commands.md is out of date: run python -m wiredesk.core.helpdocs > docs/commands.md"
    )


def test_every_environment_setting_is_documented():
    settings_source = (REPO / "wiredesk" / "settings.py").read_text(encoding="utf-8")
    names = set(
        re.findall(r"""(?:environ\.get|env_bool|env_list)\(\s*["']([A-Z_]+)["']""", settings_source)
    )
    assert "DATABASE_URL" in names
    documented = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"settings missing from docs/configuration.md: {missing}"
