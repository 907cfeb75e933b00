"""A valid network file becomes a NetworkSpec with its defaults filled in; unreadable files
fail with one line."""

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wiredesk.network.loader import (
    DEFAULT_PERMALINK,
    NetworkFileError,
    NetworkSpec,
    load_network_file,
    parse_network,
)

from .conftest import DEMO_FILE, SMALL


def test_small_network_is_read_with_defaults(small_file, tmp_path):
    spec = load_network_file(small_file)
    assert isinstance(spec, NetworkSpec)
    assert spec.name == "Test Network"
    assert spec.default_site == "alpha"
    assert spec.path == str(tmp_path / "network.toml")
    alpha, beta = spec.sites
    assert (alpha.key, alpha.domain, alpha.name) == ("alpha", "alpha.example.org", "Alpha")
    assert (alpha.time_zone, alpha.language, alpha.permalink) == ("UTC", "en", DEFAULT_PERMALINK)
    assert alpha.theme == {} and alpha.tagline == "" and alpha.description == ""
    assert beta.time_zone == "Europe/Paris"
    assert beta.sections[0].keywords == ("telescope", "galaxy")
    box = alpha.boxes[0]
    assert (box.title, box.site, box.section, box.count, box.page_type) == (
        "From Beta",
        "beta",
        "",
        3,
        "article",
    )
    assert (beta.boxes[0].section, beta.boxes[0].count) == ("news", 5)
    assert alpha.ads[0].label == "ADVERTISEMENT" and alpha.ads[0].html == ""
    assert spec.counts() == {
        "sites": 2,
        "sections": 2,
        "boxes": 2,
        "ad_zones": 1,
        "agencies": 1,
        "sources": 1,
        "rules": 2,
    }


def test_source_paths_resolve_against_the_files_folder(small_file, tmp_path):
    source = load_network_file(small_file).sources[0]
    assert source.location == str(tmp_path / "wire" / "afp")
    assert Path(source.location).is_absolute()
    assert (source.agency, source.format, source.interval, source.enabled) == ("AFP", "", 300, True)


def test_source_paths_resolve_against_the_files_folder_from_anywhere(
    write_network, tmp_path, monkeypatch
):
    (tmp_path / "conf").mkdir()
    write_network(SMALL, name="conf/network.toml")
    monkeypatch.chdir("/")
    spec = load_network_file(tmp_path / "conf" / "network.toml")
    assert spec.sources[0].location == str(tmp_path / "conf" / "wire" / "afp")


@pytest.mark.parametrize(
    "location, expected",
    [
        ("https://example.org/feed.xml", "https://example.org/feed.xml"),
        ("http://example.org/rss", "http://example.org/rss"),
        ("file:///srv/wire/afp", "/srv/wire/afp"),
        ("/srv/wire/upi", "/srv/wire/upi"),
        ("../wire/./spx", "{parent}/wire/spx"),
    ],
)
def test_source_locations(write_network, tmp_path, location, expected):
    path = write_network(SMALL.replace('"wire/afp"', f'"{location}"'))
    got = load_network_file(path).sources[0].location
    assert got == expected.format(parent=tmp_path.parent)


def test_rules_keep_their_conditions_and_fill_action_defaults(small_file):
    science, sport = load_network_file(small_file).rules
    assert science.match == {"keywords": ["telescope"]}
    assert science.action == {
        "site": "beta",
        "section": "science",
        "primary": True,
        "hold": False,
        "reject": False,
        "priority": 0,
    }
    assert (science.stop, science.enabled) == (False, True)
    assert sport.match == {"keywords": ["football"]}
    assert sport.action == {"primary": True, "hold": False, "reject": True, "priority": 0}
    assert sport.stop is True


def test_every_match_condition_is_kept(write_network):
    text = SMALL + (
        '[[rules]]\nname = "All"\naction.hold = true\n[rules.match]\n'
        'keywords = ["a"]\nregex = "(?i)\\\\bmoon\\\\b"\nagency = "AFP"\nsource = "afp-wire"\n'
        'subject = ["15000000", "13000000"]\nlanguage = "en"\nplace = "Paris"\n'
    )
    rule = load_network_file(write_network(text)).rules[-1]
    assert rule.match == {
        "keywords": ["a"],
        "regex": "(?i)\\bmoon\\b",
        "agency": "AFP",
        "source": "afp-wire",
        "subject": ["15000000", "13000000"],
        "language": "en",
        "place": "Paris",
    }
    assert rule.action["hold"] is True and "site" not in rule.action


def test_default_site_defaults_to_the_first_site(write_network):
    spec = load_network_file(write_network(SMALL.replace('default_site = "alpha"\n', "")))
    assert spec.default_site == "alpha"


def test_domains_are_lowercased(write_network):
    spec = load_network_file(write_network(SMALL.replace("alpha.example.org", "Alpha.Example.ORG")))
    assert spec.sites[0].domain == "alpha.example.org"


def test_the_spec_is_frozen(small_file):
    spec = load_network_file(small_file)
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.name = "other"
    assert hash(spec.sites[0]) == hash(load_network_file(small_file).sites[0])


def test_all_problems_are_listed_in_file_order(write_network):
    text = SMALL.replace('site = "beta"', 'site = "betta"', 1).replace("count = 5", "count = 0")
    text = text.replace('default_site = "alpha"', 'default_site = "zeta"')
    with pytest.raises(NetworkFileError) as caught:
        load_network_file(write_network(text))
    error = caught.value
    assert [p.line for p in error.problems] == [3, 20, 40]
    assert [p.field for p in error.problems] == [
        "network.default_site",
        "sites[0].boxes[0].site",
        "sites[1].boxes[0].count",
    ]
    assert (error.file, error.line, error.field) == ("network.toml", 3, "network.default_site")
    assert error.message == "unknown site 'zeta' (known: alpha, beta)"
    assert str(error) == str(error.problems[0])


def test_long_lists_of_known_names_are_cut_short(write_network):
    extra = "".join(
        f'[[sites]]\nkey = "s{i}"\ndomain = "s{i}.example.org"\nname = "S{i}"\n' for i in range(12)
    )
    text = SMALL.replace('default_site = "alpha"', 'default_site = "nope"') + extra
    with pytest.raises(NetworkFileError) as caught:
        load_network_file(write_network(text))
    assert caught.value.message == (
        "unknown site 'nope' (known: alpha, beta, s0, s1, s2, s3, s4, s5, s6, s7, ...)"
    )


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.encode())
    assert load_network_file(path).name == "Test Network"


def test_parse_network_reads_text(tmp_path):
    spec = parse_network(SMALL, filename="inline.toml", base_dir=tmp_path)
    assert spec.sources[0].location == str(tmp_path / "wire" / "afp")
    with pytest.raises(NetworkFileError, match=r"^inline\.toml:3: network\.default_site: "):
        parse_network(SMALL.replace('"alpha"', '"x"', 1), filename="inline.toml")


# -- unreadable files -----------------------------------------------------------------------


def test_missing_file(write_network):
    with pytest.raises(NetworkFileError) as caught:
        load_network_file("missing.toml")
    assert str(caught.value) == "missing.toml: cannot read network file: no such file"
    assert caught.value.line is None


def test_directory(write_network, tmp_path):
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(NetworkFileError) as caught:
        load_network_file("folder.toml")
    assert str(caught.value) == (
        "folder.toml: cannot read network file: is a directory, not a network file"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(small_file, tmp_path):
    (tmp_path / small_file).chmod(0)
    with pytest.raises(NetworkFileError) as caught:
        load_network_file(small_file)
    assert str(caught.value) == "network.toml: cannot read network file: permission denied"


def test_not_utf8(write_network, tmp_path):
    (tmp_path / "latin1.toml").write_bytes(SMALL.replace("Alpha", "Alph\xe9").encode("latin-1"))
    with pytest.raises(NetworkFileError) as caught:
        load_network_file("latin1.toml")
    assert str(caught.value) == (
        "latin1.toml:12: encoding: not valid UTF-8 (byte 0xe9 at column 13); save the file as UTF-8"
    )


# -- the bundled demo and purity ------------------------------------------------------------


@pytest.mark.skipif(not DEMO_FILE.is_file(), reason="wiredesk/demo/network.toml not written yet")
def test_the_demo_network_is_valid():
    spec = load_network_file(DEMO_FILE)
    assert spec.name and spec.default_site in [s.key for s in spec.sites]
    assert len(spec.sites) == 6
    for source in spec.sources:
        assert source.location.startswith(("http://", "https://", str(DEMO_FILE.parent)))


def test_the_loader_does_not_import_django():
    code = (
        "import sys, wiredesk.network.loader\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
