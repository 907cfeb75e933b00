"""Real agency wire samples parse to headline and body, with dateline, byline and version.

What each file holds is read independently of our parsers (lxml by element name, or the
JSON keys) and compared with what ``parse_bytes`` made of it. A format with no registered
parser yet is skipped with its reason, so coverage grows as parsers land. The files are read
from ``../shared/data`` and never copied into the repository.
"""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from wiredesk.ingest.parsers import PARSERS, parse_bytes

SUPERDESK = "superdesk-io-fixtures/tests/io/fixtures"
IPTC_G2 = "iptc-newsml-g2/examples"
IPTC_NINJS = "iptc-ninjs/examples"
G2_ROOTS = {"newsMessage", "newsItem", "packageItem"}
G2_DOCUMENT_ROOTS = G2_ROOTS | {"conceptItem", "knowledgeItem", "planningItem", "catalogItem"}
NINJS_TEXT_TYPES = {"text", ""}
NINJS_BODIES = ("body_html", "body_text", "body_xhtml", "body_nitf", "bodies")


@dataclass
class Story:
    """What one text story in a file has, read without our parsers."""

    key: str  # the item's id, to find it among several; "" when the file holds one story
    headline: bool
    body: bool
    dateline: bool = False
    byline: bool = False
    version: str = ""


def text_of(element) -> str:
    return " ".join("".join(element.xpath(".//text()")).split()) if element is not None else ""


def first(element, *names: str):
    """The first descendant whose local name is one of ``names`` (in that order), or None."""
    for name in names:
        found = element.xpath(".//*[local-name()=$name]", name=name)
        if found:
            return found[0]
    return None


def read_xml(data: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def g2_stories(root) -> list[Story]:
    stories = []
    items = [root] if etree.QName(root).localname == "newsItem" else first_all(root, "newsItem")
    for item in items:
        item_class = first(item, "itemClass")
        if item_class is None or not item_class.get("qcode", "").endswith(":text"):
            continue
        meta = first(item, "contentMeta")
        content = first(item, "inlineXML", "inlineData")
        stories.append(
            Story(
                key=item.get("guid", ""),
                headline=bool(text_of(first(meta, "headline"))) if meta is not None else False,
                body=bool(text_of(content)),
                dateline=bool(text_of(first(meta, "dateline"))) if meta is not None else False,
                byline=bool(text_of(first(meta, "by"))) if meta is not None else False,
                version=item.get("version", ""),
            )
        )
    return stories


def first_all(element, name: str) -> list:
    return element.xpath(".//*[local-name()=$name]", name=name)


def nitf_stories(root) -> list[Story]:
    du_key = first(root, "du-key")
    return [
        Story(
            key="",
            headline=bool(text_of(first(root, "hedline")) or text_of(first(root, "title"))),
            body=bool(text_of(first(root, "body.content"))),
            dateline=bool(text_of(first(root, "dateline"))),
            byline=bool(text_of(first(root, "byline"))),
            version=du_key.get("version", "") if du_key is not None else "",
        )
    ]


def newsml12_stories(root) -> list[Story]:
    stories = []
    for item in first_all(root, "NewsItem"):
        media = [m.get("FormalName", "") for m in first_all(item, "MediaType")]
        if media and "Text" not in media:
            continue
        lines = first(item, "NewsLines")
        stories.append(
            Story(
                key="",
                headline=bool(text_of(first(lines, "HeadLine"))) if lines is not None else False,
                body=bool(text_of(first(item, "DataContent"))),
                dateline=bool(text_of(first(lines, "DateLine"))) if lines is not None else False,
                byline=bool(text_of(first(lines, "ByLine"))) if lines is not None else False,
                version=text_of(first(item, "RevisionId")),
            )
        )
    return stories


def ninjs_stories(doc: dict) -> list[Story]:
    if str(doc.get("type", "")).lower() not in NINJS_TEXT_TYPES:
        return []
    bodies = [doc.get(name) for name in NINJS_BODIES]
    return [
        Story(
            key="",
            headline=bool(doc.get("headline") or doc.get("headlines")),
            body=any(bodies),
            byline=bool(doc.get("byline") or doc.get("by")),
            version=str(doc.get("version", "") or ""),
        )
    ]


def classify(path: Path, data: bytes) -> tuple[str, list[Story]]:
    """(format, text stories) of a file, by its own content; ("", []) if not a wire format."""
    if path.suffix == ".tst":
        return "anpa1312", [Story(key="", headline=True, body=True)]
    if path.suffix == ".txt" and path.name.startswith(("IPTC7901", "dpa_")):
        return "iptc7901", [Story(key="", headline=True, body=True)]
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        try:
            doc = json.loads(data)
        except ValueError:
            return "", []
        if not isinstance(doc, dict) or "api_version" in doc:
            return "", []  # AP Media API envelopes: the text is only behind rendition links
        if not (doc.get("headline") or doc.get("headlines")):
            return "", []
        return "ninjs", ninjs_stories(doc)
    if head != b"<":
        return "", []
    root = read_xml(data)
    if root is None:
        return "", []
    name = etree.QName(root).localname
    if name in G2_ROOTS:
        return "newsml-g2", g2_stories(root)
    if name == "nitf":
        return "nitf", nitf_stories(root)
    if name == "NewsML":
        return "newsml-1.2", newsml12_stories(root)
    return "", []


def wire_files(shared_data: Path) -> list[Path]:
    files = []
    for folder in (SUPERDESK, IPTC_G2, IPTC_NINJS):
        files.extend(
            p
            for p in sorted((shared_data / folder).rglob("*"))
            if p.is_file() and p.suffix not in (".xsd", ".md") and p.name != "LICENSE"
        )
    return files


def check_story(path: Path, expected: Story, items: list, problems: list) -> None:
    if expected.key and len(items) > 1:
        matching = [i for i in items if i.external_id == expected.key]
    else:
        matching = items[:1]
    if not matching:
        problems.append(f"{path.name}: no item for text story {expected.key or '(only)'}")
        return
    item = matching[0]
    missing = [
        what
        for what, wanted, got in (
            ("headline", expected.headline, item.headline.strip()),
            ("body", expected.body, item.body_html.strip()),
            ("dateline", expected.dateline, item.dateline.strip() or item.place.strip()),
            ("byline", expected.byline, item.byline.strip()),
        )
        if wanted and not got
    ]
    if missing:
        problems.append(f"{path.name}: {item.external_id}: no {', '.join(missing)}")
    if expected.version and item.version.strip() != expected.version.strip():
        problems.append(
            f"{path.name}: version {item.version!r}, the file says {expected.version!r}"
        )


def test_agency_text_stories_parse_with_their_fields(shared_data, capsys):
    counts: Counter = Counter()
    skipped: dict[str, list[str]] = {}
    problems: list[str] = []
    for path in wire_files(shared_data):
        data = path.read_bytes()
        fmt, stories = classify(path, data)
        if not fmt or not stories:
            continue
        result = parse_bytes(data)
        if result.failure:
            if fmt not in PARSERS:
                skipped.setdefault(fmt, []).append(path.name)
                continue
            problems.append(f"{path.name} ({fmt}): {result.failure}")
            continue
        counts[f"{fmt} files"] += 1
        for story in stories:
            if not (story.headline or story.body):
                continue  # an empty shell (no headline, no text): nothing to publish
            counts[fmt] += 1
            for field in ("dateline", "byline"):
                counts[f"{fmt} with {field}"] += getattr(story, field)
            counts[f"{fmt} with version"] += bool(story.version)
            check_story(path, story, result.items, problems)
    formats = sorted({key.split()[0] for key in counts})
    with capsys.disabled():
        print("\nwire samples: text stories checked per format")
        for fmt in formats:
            print(
                f"  {fmt:11} {counts[f'{fmt} files']:3} files, {counts[fmt]:3} stories "
                f"({counts[f'{fmt} with dateline']} with dateline, "
                f"{counts[f'{fmt} with byline']} with byline, "
                f"{counts[f'{fmt} with version']} with version)"
            )
        for fmt, names in sorted(skipped.items()):
            print(f"  skipped {fmt}: no parser registered yet ({len(names)} files)")
    assert counts["newsml-g2"] and counts["ninjs"], "the NewsML-G2 and ninjs samples were not read"
    assert not problems, "\n".join(problems)


def test_iptc_newsml_g2_listings_parse(shared_data):
    failures, parsed = [], 0
    for path in sorted((shared_data / IPTC_G2).glob("*.xml")):
        data = path.read_bytes()
        root = read_xml(data)
        if root is None or etree.QName(root).localname not in G2_DOCUMENT_ROOTS:
            continue  # listings that are fragments (a contentSet, a groupSet) on their own
        result = parse_bytes(data)
        parsed += 1
        if result.failure:
            failures.append(f"{path.name}: {result.failure}")
    assert parsed >= 25, f"only {parsed} NewsML-G2 listings found"
    assert not failures, "\n".join(failures)


def test_iptc_ninjs_examples_parse(shared_data):
    failures, parsed = [], 0
    for path in sorted((shared_data / IPTC_NINJS).rglob("*.json")):
        doc = json.loads(path.read_bytes())
        if not isinstance(doc, dict) or "$schema" in doc or "properties" in doc:
            continue  # a JSON schema, not an example item
        result = parse_bytes(path.read_bytes())
        parsed += 1
        if result.failure:
            failures.append(f"{path.relative_to(shared_data / IPTC_NINJS)}: {result.failure}")
    assert parsed >= 30, f"only {parsed} ninjs examples found"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", ["afp.xml", "nitf-ntb.xml", "IPTC7901.txt", "anpa-1.tst"])
def test_formats_being_added_are_parsed_once_registered(shared_data, name):
    """A named sample of each format being added: parsed once its parser is registered."""
    data = (shared_data / SUPERDESK / name).read_bytes()
    fmt, _ = classify(shared_data / SUPERDESK / name, data)
    if fmt not in PARSERS:
        pytest.skip(f"no {fmt} parser registered yet")
    result = parse_bytes(data)
    assert not result.failure and result.items and result.items[0].headline
