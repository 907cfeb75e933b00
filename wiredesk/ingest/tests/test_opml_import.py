"""OPML 1.0/2.0 outlines into source specs, parsed safely, and `wiredesk sources import-opml`."""

import json

import pytest
from django.core.management import CommandError, call_command

from wiredesk.ingest.models import Source
from wiredesk.ingest.opml import parse_opml, slug
from wiredesk.network.models import Agency

NESTED = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head><title>Desk feeds</title></head>
  <body>
    <outline text="News">
      <outline text="World">
        <outline text="Wire One" title="Wire One: World" type="rss"
                 xmlUrl="https://one.example/world.xml" htmlUrl="https://one.example/"/>
      </outline>
      <outline text="Science &amp; Space" type="rss" xmlUrl="https://two.example/space.rss"/>
    </outline>
    <outline text="Wire One: World" type="rss" xmlUrl="https://one.example/other.xml"/>
    <outline text="Again" type="rss" xmlUrl="https://one.example/world.xml"/>
    <outline text="\xe4\xb8\xad\xe6\x96\x87" type="rss" xmlUrl="https://cn.example/feed"/>
    <outline text="Tagged" type="rss" xmlUrl="https://t.example/f" category="/Sport/Football"/>
    <outline text="Local file" type="rss" xmlUrl="file:///etc/passwd"/>
    <outline text="Metadata" type="rss" xmlurl="http://169.254.169.254/" htmlUrl="javascript:x"/>
  </body>
</opml>"""


def test_nested_outlines_become_specs_with_categories():
    result = parse_opml(NESTED)
    assert result.failure == "" and result.title == "Desk feeds"
    specs = {f.name: f for f in result.feeds}
    assert list(specs) == [
        "wire-one-world",
        "science-space",
        "wire-one-world-2",
        "feed-cn-example",
        "tagged",
        "metadata",
    ]
    world = specs["wire-one-world"]
    assert (world.xml_url, world.html_url, world.category) == (
        "https://one.example/world.xml",
        "https://one.example/",
        "News / World",
    )
    assert specs["science-space"].category == "News"
    assert specs["tagged"].category == "Sport/Football"
    assert specs["metadata"].html_url == ""  # only http(s) homepages are kept
    assert result.skipped == ["file:///etc/passwd: not an http(s) URL"]


@pytest.mark.parametrize(
    "data, failure",
    [
        (b"", "empty document"),
        (b"<rss><channel/></rss>", "not an OPML file: the root element is <rss>"),
        (b"<opml version='1.0'><head/></opml>", "not an OPML file: no <body>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<opml><body><outline text="&x;" xmlUrl="http://a.example/"/></body></opml>',
            "XML external entities are refused",
        ),
        (
            b'<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<opml><body><outline text="&b;" xmlUrl="http://a.example/"/></body></opml>',
            "XML entity declarations are refused (entity expansion attack?)",
        ),
    ],
)
def test_hostile_or_wrong_files_fail_with_a_reason(data, failure):
    assert parse_opml(data).failure == failure


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello, World!", "hello-world"),
        ("Café Crème", "cafe-creme"),
        ("   ", ""),
        ("a" * 200, "a" * 90),
    ],
)
def test_slug(text, expected):
    assert slug(text) == expected


@pytest.fixture
def opml_file(tmp_path):
    path = tmp_path / "feeds.opml"
    path.write_bytes(NESTED)
    return path


@pytest.mark.django_db
def test_import_creates_then_changes_nothing(opml_file, capsys):
    Agency.objects.create(key="AFP", name="Agence France-Presse")
    call_command("sources", "import-opml", str(opml_file), "--agency", "AFP", "--interval", "900")
    out = capsys.readouterr().out
    assert out == "feeds.opml: 6 feeds: 6 created, 0 updated, 0 unchanged, 1 skipped\n"
    world = Source.objects.get(name="wire-one-world")
    assert (world.location, world.agency.key, world.interval, world.category) == (
        "https://one.example/world.xml",
        "AFP",
        900,
        "News / World",
    )
    call_command("sources", "import-opml", str(opml_file))
    assert "0 created, 0 updated, 6 unchanged" in capsys.readouterr().out
    assert Source.objects.get(name="wire-one-world").interval == 900  # kept


@pytest.mark.django_db
def test_import_updates_by_name_and_resets_validators(opml_file, capsys):
    Source.objects.create(name="tagged", location="https://old.example/f", etag='"x"', interval=60)
    call_command("sources", "import-opml", str(opml_file))
    assert "5 created, 1 updated, 0 unchanged" in capsys.readouterr().out
    tagged = Source.objects.get(name="tagged")
    assert (tagged.location, tagged.etag, tagged.interval) == ("https://t.example/f", "", 60)


@pytest.mark.django_db
def test_dry_run_saves_nothing(opml_file, capsys):
    call_command("sources", "import-opml", str(opml_file), "--dry-run")
    assert capsys.readouterr().out.endswith("6 created, 0 updated, 0 unchanged, 1 skipped "
                                            "(dry run: nothing saved)\n")  # fmt: skip
    assert Source.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (["/no/such.opml"], "/no/such.opml: No such file or directory"),
        (["{opml}", "--agency", "NOPE"], "unknown agency 'NOPE' (known: none)"),
        (["{bad}"], "{bad}: not an OPML file: the root element is <rss>"),
        (["{empty}"], "{empty}: no feeds (no outline has an http(s) xmlUrl)"),
        (["{dir}"], "{dir}: is a folder, not an OPML file"),
    ],
)
def test_user_errors_are_one_line(tmp_path, opml_file, args, message):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<rss/>")
    empty = tmp_path / "empty.opml"
    empty.write_bytes(b"<opml><body><outline text='x'/></body></opml>")
    names = {"opml": opml_file, "bad": bad, "empty": empty, "dir": tmp_path}
    args = [a.format(**names) for a in args]
    with pytest.raises(CommandError) as caught:
        call_command("sources", "import-opml", *args)
    assert str(caught.value) == message.format(**names)
    assert "\n" not in str(caught.value)


def test_the_real_google_reader_export(shared_data):
    path = (
        shared_data
        / "feedjira-sample-feeds/historic-841d3b5/spec/sample_feeds/google-reader-subscriptions.xml"
    )
    if not path.exists():
        pytest.skip(f"{path} is absent")
    result = parse_opml(path.read_bytes())
    assert result.failure == "" and result.title == "Paul Dix subscriptions in Google Reader"
    assert len(result.feeds) == 287  # 300 xmlUrls, 13 listed twice
    names = [f.name for f in result.feeds]
    assert len(set(names)) == len(names)
    assert all(f.xml_url.startswith("http") for f in result.feeds)
    assert any(f.category for f in result.feeds)
    joomla = next(f for f in result.feeds if f.name == "joomla-powered-site")
    assert joomla.xml_url == "http://gslounge.com/index.php?option=com_rss&feed=RSS2.0&no_html=1"


@pytest.mark.django_db
def test_importing_the_real_file_twice_is_idempotent(shared_data, capsys):
    path = (
        shared_data
        / "feedjira-sample-feeds/historic-841d3b5/spec/sample_feeds/google-reader-subscriptions.xml"
    )
    if not path.exists():
        pytest.skip(f"{path} is absent")
    call_command("sources", "import-opml", str(path))
    call_command("sources", "import-opml", str(path))
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("287 feeds: 287 created, 0 updated, 0 unchanged, 0 skipped")
    assert out[1].endswith("287 feeds: 0 created, 0 updated, 287 unchanged, 0 skipped")
    call_command("sources", "--json")
    assert len(json.loads(capsys.readouterr().out)) == 287
