"""docs/network-file.md documents every table and field the loader accepts."""

import re
from pathlib import Path

import pytest

from wiredesk.network.loader import FIELDS, PAGE_TYPES

DOC = Path(__file__).resolve().parents[3] / "docs" / "network-file.md"


def sections() -> dict[str, str]:
    """The doc's text under each ``## `[table]` `` heading, keyed by table path."""
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^#{2,3} `\[\[?([a-z.]+)\]?\]`.*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.mark.parametrize("table", [t for t in FIELDS if t])
def test_every_field_of_every_table_is_documented(table):
    documented = sections()
    assert table in documented, f"docs/network-file.md has no heading for [{table}]"
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", documented[table], flags=re.M))
    assert rows == set(FIELDS[table])


def test_page_types_and_the_command_are_documented():
    text = DOC.read_text(encoding="utf-8")
    for page_type in PAGE_TYPES:
        assert f"`{page_type}`" in text
    for usage in ("wiredesk network load FILE", "wiredesk network check FILE", "--prune"):
        assert usage in text
