"""Every real feed file in ../shared/data goes through ``wiredesk ingest`` without a crash.

Real captures (feeds_manifest.csv: real and well-formed) give at least as many items as
feedparser finds entries, every item with a headline is stored once, a file that is not a
feed leaves its reason in the FetchLog, and titles and links agree with rss-parser's expected
outputs. The corpus is read from ``../shared/data`` and never copied into the repository.
"""

import csv
import html
import json
import re
import time
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from django.core.management import CommandError, call_command

from wiredesk.ingest import pipeline
from wiredesk.ingest.models import FetchLog, Source
from wiredesk.ingest.normalize.sanitize import html_to_text
from wiredesk.ingest.parsers import parse_bytes
from wiredesk.stories.models import Story

FEED_FOLDERS = ("feedjira-sample-feeds", "rss-parser-tests/test/input", "miniflux-testdata")
MIN_ORACLE_MATCH = 0.95

# parse_bytes results by file path, filled by whichever test reads a file first (parsing the
# whole corpus takes most of this module's runtime, so it is done once).
_PARSED: dict[str, object] = {}


def parsed(path: Path):
    key = str(path)
    if key not in _PARSED:
        _PARSED[key] = parse_bytes(path.read_bytes())
    return _PARSED[key]


def manifest(shared_data: Path) -> dict[str, dict]:
    with open(shared_data / "feeds_manifest.csv", newline="", encoding="utf-8") as handle:
        return {row["path"]: row for row in csv.DictReader(handle)}


def is_real_wellformed(row: dict | None) -> bool:
    return bool(row) and row["kind"].startswith("real") and row["wellformed_xml"] == "yes"


def feedparser_entries(data: bytes) -> int:
    """feedparser's entry count (its sanitiser and URI resolution don't change the count)."""
    return len(feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False).entries)


def stored_id(item) -> str | None:
    """The external id ``prepare`` stores for ``item``, or None when it rejects the item."""
    if not " ".join(html_to_text(item.headline or "").split()):
        return None
    return " ".join((item.external_id or "").split())[:500] or None


@pytest.fixture
def spy_parse(monkeypatch):
    """Record what the pipeline's own parse_bytes call made of each document it read."""
    by_bytes: dict[bytes, object] = {}
    real = pipeline.parse_bytes

    def spy(data, hint=""):
        result = real(data, hint=hint)
        by_bytes[bytes(data)] = result
        return result

    monkeypatch.setattr(pipeline, "parse_bytes", spy)
    return by_bytes


def test_every_feed_file_goes_through_the_ingest_command(db, shared_data, spy_parse, capsys):
    rows = manifest(shared_data)
    started = time.monotonic()
    for folder in FEED_FOLDERS:
        try:
            call_command("ingest", str(shared_data / folder), "--no-progress")
        except CommandError as error:  # only if a whole folder held nothing ingestible
            pytest.fail(f"{folder}: {error}")
    command_seconds = time.monotonic() - started

    source = Source.objects.get(name="command-line")
    files = pipeline.expand_paths([shared_data / folder for folder in FEED_FOLDERS])
    logs: dict[str, list[FetchLog]] = {}
    for log in FetchLog.objects.filter(source=source):
        logs.setdefault(log.origin, []).append(log)

    expected_ids: set[str] = set()
    seen_before: set[str] = set()
    short, unlogged, silent, per_file_checked = [], [], [], 0
    items_total = entries_total = 0
    for path in files:
        data = path.read_bytes()
        result = spy_parse.get(data) or parsed(path)
        _PARSED[str(path)] = result
        file_logs = logs.get(str(path), [])
        if len(file_logs) != 1:
            unlogged.append((str(path), len(file_logs)))
            continue
        log = file_logs[0]
        if result.failure:
            if log.ok or not log.reason:
                silent.append(str(path))
            continue
        ids = [stored_id(item) for item in result.items]
        kept = [i for i in ids if i]
        expected_ids.update(kept)
        row = rows.get(str(path.relative_to(shared_data)))
        if is_real_wellformed(row):
            entries = feedparser_entries(data)
            items_total += len(result.items)
            entries_total += entries
            if len(result.items) < entries:
                short.append((str(path.relative_to(shared_data)), len(result.items), entries))
            # Identity allows a per-file count when every id is new to this run and unique.
            if len(set(kept)) == len(kept) == len(ids) and not seen_before & set(kept):
                per_file_checked += 1
                stored = log.new + log.duplicate
                if stored < entries:
                    short.append((str(path.relative_to(shared_data)), stored, entries))
        seen_before.update(kept)

    stored_ids = set(Story.objects.filter(source=source).values_list("external_id", flat=True))
    failed = sum(1 for path in files if _PARSED[str(path)].failure)
    with capsys.disabled():
        print(
            f"\nreal feeds: {len(files)} files through `wiredesk ingest` in "
            f"{command_seconds:.1f}s, {failed} not feeds (reason logged); real well-formed "
            f"captures: {items_total} items parsed vs {entries_total} feedparser entries; "
            f"{per_file_checked} files checked per file against stored stories; "
            f"{len(stored_ids)} stories stored"
        )
    assert not unlogged, f"files without exactly one FetchLog: {unlogged[:10]}"
    assert not silent, f"failed files without a logged reason: {silent[:10]}"
    assert not short, f"fewer items than feedparser's entries (file, ours, feedparser): {short}"
    assert stored_ids == expected_ids, (
        f"missing: {sorted(expected_ids - stored_ids)[:5]}, extra: "
        f"{sorted(stored_ids - expected_ids)[:5]}"
    )


def not_feeds(shared_data: Path) -> list[tuple[Path, str]]:
    """Real captures that are not feeds (HTML pages at feed URLs, an OPML list)."""
    found = []
    for relative, row in sorted(manifest(shared_data).items()):
        path = shared_data / relative
        if row["format"] != "other" or not path.suffix == ".xml" or not path.is_file():
            continue
        head = path.read_bytes()[:2000].lower()
        if b"<opml" in head:
            found.append((path, "OPML"))
        elif b"<html" in head:
            found.append((path, "HTML"))
    return found


def test_a_file_that_is_not_a_feed_fails_with_its_reason_logged(db, shared_data):
    cases = not_feeds(shared_data)
    kinds = {kind for _, kind in cases}
    assert kinds == {"HTML", "OPML"}, f"expected HTML pages and an OPML list, found {cases}"
    for path, kind in cases:
        with pytest.raises(CommandError, match="nothing could be ingested"):
            call_command("ingest", str(path), "--no-progress", stderr=open("/dev/null", "w"))
        log = FetchLog.objects.get(origin=str(path))
        assert not log.ok and log.failed == 1
        assert log.reason.startswith("not a feed") and kind in log.reason, (path, log.reason)
    assert not Story.objects.exists()


def read_oracle(path: Path) -> list[dict]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # encoding.json is stored in Latin-1
        text = raw.decode("latin-1")
    return json.loads(text)["feed"].get("items", [])


def plain_title(value: str) -> str:
    """Text of a title as a reader sees it: entities decoded, tags dropped, spaces collapsed."""
    text = re.sub(r"<[^>]+>", "", html.unescape(html.unescape(value or "")))
    return " ".join(text.split())


def title_matches(ours: str, expected: str) -> bool:
    # rss-parser decoded some Latin-1 feeds wrongly: each U+FFFD stands for one lost character.
    pattern = ".".join(re.escape(part) for part in expected.split("\ufffd"))
    return re.fullmatch(pattern, " ".join(ours.split()), flags=re.DOTALL) is not None


def link_matches(ours: str, expected: str) -> bool:
    # We resolve relative links against the feed; rss-parser keeps them as written.
    return ours == expected or (bool(ours) and urljoin(ours, expected) == ours)


def test_titles_and_links_match_rss_parser_expected_outputs(shared_data, capsys):
    folder = shared_data / "rss-parser-tests" / "test"
    total = matched = empty = 0
    misses = []
    for oracle in sorted((folder / "output").glob("*.json")):
        inputs = sorted((folder / "input").glob(f"{oracle.stem}.*"))
        assert len(inputs) == 1, f"no single input for {oracle.name}: {inputs}"
        items = parsed(inputs[0]).items
        for index, expected in enumerate(read_oracle(oracle)):
            title = plain_title(expected.get("title") or "")
            link = (expected.get("link") or "").strip()
            if not title and not link:
                empty += 1  # nothing to compare: an entry with neither title nor link
                continue
            total += 1
            ours = items[index] if index < len(items) else None
            if (
                ours is not None
                and title_matches(ours.headline, title)
                and link_matches(ours.link.strip(), link)
            ):
                matched += 1
            else:
                misses.append((oracle.stem, index, title[:50], ours and ours.headline[:50]))
    share = matched / total
    with capsys.disabled():
        print(
            f"\nrss-parser-tests: titles and links match for {matched}/{total} items "
            f"({share:.1%}); {empty} expected entries have neither title nor link"
        )
    assert share >= MIN_ORACLE_MATCH, f"only {share:.1%} match; first misses: {misses[:10]}"
