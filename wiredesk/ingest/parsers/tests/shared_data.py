"""Find the real third-party samples in ``<repo>/../shared/data`` (never copied here).

A fresh clone has no ``../shared``; tests that need it skip with a clear reason. Set
``WIREDESK_SHARED_DATA`` to point somewhere else.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]
SHARED_DATA = Path(os.environ.get("WIREDESK_SHARED_DATA") or REPO.parent / "shared" / "data")
MISSING_REASON = (
    f"real sample data not found at {SHARED_DATA} "
    "(../shared/data sits beside the repo on CI; a fresh clone has none)"
)


def shared_path(*parts: str) -> Path:
    """A path inside the shared data folder; skips the calling test when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{MISSING_REASON}: missing {path}")
    return path


def shared_files(folder: str, patterns: tuple[str, ...] = ("*",)) -> list:
    """Files under a shared folder as pytest params with readable ids (one skipped param
    when the folder is absent, so parametrised tests skip rather than vanish)."""
    base = SHARED_DATA / folder
    if not base.is_dir():
        return [pytest.param(None, id="no-shared-data", marks=pytest.mark.skip(MISSING_REASON))]
    files = sorted({p for pattern in patterns for p in base.glob(pattern) if p.is_file()})
    return [pytest.param(p, id=str(p.relative_to(base))) for p in files]


@functools.cache
def parse_shared(path: Path):
    """``parse_bytes`` of a shared file, parsed once per test session (feedparser is slow)."""
    from wiredesk.ingest.parsers import parse_bytes

    return parse_bytes(path.read_bytes())
