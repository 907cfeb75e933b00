"""What the network file tells routing: site keywords and subjects, section subjects, and the
classifier thresholds (network defaults, per-site overrides), checked and stored; a bad value
is one line naming the field, and nothing is saved."""

import textwrap
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from wiredesk.network.apply import apply_network
from wiredesk.network.loader import (
    DEFAULT_AUTO_PUBLISH,
    DEFAULT_REVIEW,
    NetworkFileError,
    Thresholds,
    parse_network,
)
from wiredesk.network.models import Section, SiteProfile

NETWORK = textwrap.dedent(
    """\
    [network]
    name = "N"
    {network}

    [[sites]]
    key = "alpha"
    domain = "alpha.example.org"
    name = "Alpha"
    {alpha}

      [[sites.sections]]
      key = "news"
      name = "News"
      {section}

    [[sites]]
    key = "beta"
    domain = "beta.example.org"
    name = "Beta"
    """
)


def network(network="", alpha="", section=""):
    return NETWORK.format(network=network, alpha=alpha, section=section)


def parse(text):
    return parse_network(text, filename="network.toml")


def test_defaults_when_nothing_is_said():
    spec = parse(network())
    default = Thresholds(DEFAULT_AUTO_PUBLISH, DEFAULT_REVIEW)
    assert spec.thresholds == default
    assert [s.thresholds for s in spec.sites] == [default, default]
    assert spec.sites[0].keywords == () and spec.sites[0].subjects == ()


def test_network_defaults_and_site_overrides():
    spec = parse(
        network(
            network="thresholds = { auto_publish = 0.8, review = 0.4 }",
            alpha='thresholds = { auto_publish = 0.95 }\nkeywords = ["rocket", " orbit "]\n'
            'subjects = ["medtop:13000000", "iptc:xyz"]',
            section='subjects = ["medtop:13000000"]',
        )
    )
    alpha, beta = spec.sites
    assert spec.thresholds == Thresholds(0.8, 0.4)
    assert alpha.thresholds == Thresholds(0.95, 0.4)
    assert beta.thresholds == Thresholds(0.8, 0.4)
    assert alpha.keywords == ("rocket", "orbit")
    assert alpha.subjects == ("medtop:13000000", "iptc:xyz")
    assert alpha.sections[0].subjects == ("medtop:13000000",)


def test_integers_are_thresholds_too():
    spec = parse(network(network="thresholds = { auto_publish = 1, review = 0 }"))
    assert spec.thresholds == Thresholds(1.0, 0.0)


@pytest.mark.parametrize(
    "parts, expected",
    [
        (
            {"network": "thresholds = { auto_publish = 1.5 }"},
            "network.toml:3: network.thresholds.auto_publish: must be between 0 and 1, got 1.5",
        ),
        (
            {"network": "thresholds = { review = -0.1 }"},
            "network.toml:3: network.thresholds.review: must be between 0 and 1, got -0.1",
        ),
        (
            {"network": "thresholds = { auto_publish = 0.4, review = 0.6 }"},
            "network.toml:3: network.thresholds.review: 0.6 is above auto_publish 0.4; "
            "review <= auto_publish",
        ),
        (
            {"alpha": "thresholds = { review = 0.95 }"},
            "network.toml:9: sites[0].thresholds.review: 0.95 is above auto_publish 0.9 "
            "(the network's); review <= auto_publish",
        ),
        (
            {"alpha": "thresholds = { auto_publish = 0.3 }"},
            "network.toml:9: sites[0].thresholds.auto_publish: 0.3 is below review 0.5 "
            "(the network's); review <= auto_publish",
        ),
        (
            {"alpha": 'thresholds = { auto_publish = "high" }'},
            "network.toml:9: sites[0].thresholds.auto_publish: expected a number, got a string",
        ),
        (
            {"alpha": "thresholds = { auto_publish = true }"},
            "network.toml:9: sites[0].thresholds.auto_publish: expected a number, got a boolean",
        ),
        (
            {"alpha": "thresholds = { publish = 0.9 }"},
            "network.toml:9: sites[0].thresholds.publish: unknown field 'publish' "
            "(did you mean 'auto_publish'?)",
        ),
        (
            {"alpha": "thresholds = 0.9"},
            "network.toml:9: sites[0].thresholds: expected a table, got a float",
        ),
        (
            {"alpha": 'subjects = ["medtop:123"]'},
            "network.toml:9: sites[0].subjects[0]: 'medtop:123' is not a subject code "
            "(scheme:code; an IPTC media topic is medtop: and 8 digits, like medtop:16000000)",
        ),
        (
            {"section": 'subjects = ["sport"]'},
            "network.toml:14: sites[0].sections[0].subjects[0]: 'sport' is not a subject code "
            "(scheme:code; an IPTC media topic is medtop: and 8 digits, like medtop:16000000)",
        ),
        (
            {"alpha": "keywords = [1]"},
            "network.toml:9: sites[0].keywords: expected an array of strings, got an integer "
            "at index 0",
        ),
    ],
)
def test_bad_values_are_refused_with_one_line(parts, expected):
    with pytest.raises(NetworkFileError) as caught:
        parse(network(**parts))
    assert str(caught.value) == expected


@pytest.mark.django_db
def test_apply_stores_the_routing_fields():
    spec = parse(
        network(
            network="thresholds = { auto_publish = 0.8, review = 0.4 }",
            alpha='thresholds = { review = 0.6 }\nkeywords = ["rocket"]\n'
            'subjects = ["medtop:13000000"]',
            section='subjects = ["medtop:16000000"]',
        )
    )
    apply_network(spec)
    alpha = SiteProfile.objects.get(key="alpha")
    assert (alpha.keywords, alpha.subjects) == (["rocket"], ["medtop:13000000"])
    assert (alpha.auto_publish_threshold, alpha.review_threshold) == (0.8, 0.6)
    beta = SiteProfile.objects.get(key="beta")
    assert (beta.auto_publish_threshold, beta.review_threshold) == (0.8, 0.4)
    assert Section.objects.get(key="news").subjects == ["medtop:16000000"]
    # loading again with other thresholds updates them in place
    report = apply_network(parse(network()))
    alpha.refresh_from_db()
    assert alpha.auto_publish_threshold == DEFAULT_AUTO_PUBLISH
    assert alpha.keywords == [] and report["sites"].updated == 2


@pytest.mark.django_db
def test_a_bad_threshold_saves_nothing(tmp_path):
    path = tmp_path / "network.toml"
    path.write_text(network(alpha="thresholds = { review = 2 }"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"sites\[0\]\.thresholds\.review: must be between"):
        call_command("network", "load", str(path), stdout=StringIO())
    assert SiteProfile.objects.count() == 0


@pytest.mark.django_db
def test_the_model_refuses_review_above_auto_publish_in_the_admin():
    apply_network(parse(network()))
    site = SiteProfile.objects.get(key="alpha")
    site.review_threshold, site.auto_publish_threshold = 0.9, 0.5
    with pytest.raises(ValidationError) as caught:
        site.full_clean()
    assert "review_threshold" in caught.value.message_dict
    site.auto_publish_threshold = 1.5
    with pytest.raises(ValidationError) as caught:
        site.full_clean()
    assert "auto_publish_threshold" in caught.value.message_dict
