"""Test helpers shared by every app's tests.

``shared_data`` and ``shared_seed`` give the paths of the test corpora that live beside the
repository, in ``../shared/data`` and ``../shared/seed``. They are never copied into the repo:
a fresh clone has no ``../shared`` and the tests that need it skip (saying why); CI has it.
"""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent
SHARED_DIR = REPO_ROOT.parent / "shared"


def ci_is_true() -> bool:
    """True when running under CI (the environment variable ``CI`` is set to a true value)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def _shared_path(name: str) -> Path:
    path = SHARED_DIR / name
    if not path.is_dir():
        reason = f"../shared/{name} is absent (a fresh clone has no ../shared); CI has it"
        if ci_is_true():
            # Still a skip, but say so loudly: CI is expected to have ../shared.
            print(f"\nWARNING: {reason} (looked in {path})")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def running_in_ci() -> bool:
    """Whether this run is CI's: there, a missing tool is a failure rather than a skip."""
    return ci_is_true()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``<repo>/../shared/data``: third-party feeds, wire files and article pages (read only)."""
    return _shared_path("data")


@pytest.fixture(scope="session")
def shared_seed() -> Path:
    """``<repo>/../shared/seed``: the reference article page wiredesk must reproduce (read only)."""
    return _shared_path("seed")


def pytest_report_header(config):
    state = "present" if SHARED_DIR.is_dir() else "absent: tests that need it will skip"
    return f"wiredesk: ../shared at {SHARED_DIR} is {state}; CI={os.environ.get('CI', '')}"
