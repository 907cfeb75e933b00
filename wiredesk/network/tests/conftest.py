"""Fixtures for the network-file tests: a small valid network file and a fresh cache."""

import textwrap
from pathlib import Path

import pytest

from wiredesk.network.resolver import bump_network_generation

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "network.toml"

# A small valid network: two sites, an agency, a source and two rules. Line numbers matter to
# the error tests, which append to (or edit) this text.
SMALL = textwrap.dedent(
    """\
    [network]
    name = "Test Network"
    default_site = "alpha"

    [[agencies]]
    key = "AFP"
    name = "Agence France-Presse"

    [[sites]]
    key = "alpha"
    domain = "alpha.example.org"
    name = "Alpha"

      [[sites.sections]]
      key = "news"
      name = "News"

      [[sites.boxes]]
      title = "From Beta"
      site = "beta"

      [[sites.ads]]
      key = "top"

    [[sites]]
    key = "beta"
    domain = "beta.example.org"
    name = "Beta"
    time_zone = "Europe/Paris"

      [[sites.sections]]
      key = "science"
      name = "Science"
      keywords = ["telescope", "galaxy"]

      [[sites.boxes]]
      title = "Alpha news"
      site = "alpha"
      section = "news"
      count = 5

    [[sources]]
    name = "afp-wire"
    agency = "AFP"
    location = "wire/afp"

    [[rules]]
    name = "Science to Beta"
    match = { keywords = ["telescope"] }
    action = { site = "beta", section = "science" }

    [[rules]]
    name = "Reject sport"
    stop = true
    match.keywords = ["football"]
    action.reject = true
    """
)


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """An in-memory cache per test, so nothing is written to a data directory."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    bump_network_generation()


@pytest.fixture
def write_network(tmp_path, monkeypatch):
    """Write a network file named ``network.toml`` (or ``name``) in a temporary folder that is
    also the working directory, and return its relative path."""
    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "network.toml") -> str:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return name

    return write


@pytest.fixture
def small_file(write_network) -> str:
    return write_network(SMALL)


@pytest.fixture
def demo_file(write_network) -> str:
    """The bundled demo network if present, else the small network."""
    if DEMO_FILE.is_file():
        return str(DEMO_FILE)
    return write_network(SMALL)
