"""Fixtures for the routing tests: a tiny network whose sites have keywords (so a cold-start
classifier trains in a moment), and a classifier trained on it."""

import textwrap

import pytest

from wiredesk.network.apply import apply_network
from wiredesk.network.loader import parse_network

TINY_NETWORK = textwrap.dedent(
    """\
    [network]
    name = "Tiny"
    thresholds = { auto_publish = 0.9, review = 0.3 }

    [[sites]]
    key = "spacedaily"
    domain = "space.example.org"
    name = "Space"
    description = "Rockets, satellites and astronauts."
    keywords = ["rocket", "orbit", "satellite", "launch", "astronaut", "telescope"]

      [[sites.sections]]
      key = "launchers"
      name = "Launchers"
      keywords = ["rocket", "launch", "booster", "liftoff"]

    [[sites]]
    key = "energydaily"
    domain = "energy.example.org"
    name = "Energy"
    description = "Power, fuel and the grid."
    keywords = ["solar", "wind", "turbine", "grid", "battery", "oil"]
    thresholds = { auto_publish = 0.6 }

    [[sites]]
    key = "sportsdaily"
    domain = "sport.example.org"
    name = "Sport"
    keywords = ["football", "goal", "match", "striker", "league", "cup"]
    """
)


@pytest.fixture
def tiny_network(db):
    apply_network(parse_network(TINY_NETWORK, filename="tiny.toml"))


@pytest.fixture
def trained(tiny_network):
    """Version 1, trained on the tiny network's cold start, in use."""
    from wiredesk.routing.training import train

    return train(holdout=False)
