"""Near-duplicate detection on the real BBC set: every copy found, no distinct stories merged.

``bbc_duplicates_computed.json`` lists the exact-duplicate groups and the updated-version pairs
(word 5-shingle Jaccard >= 0.5) of the 2,225 BBC articles. Signatures and the index are used
exactly as ``identity.py`` uses them (text = headline + newline + body). The articles are read
from ``../shared/data`` and never copied into the repository.
"""

import json
import random
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from itertools import combinations
from pathlib import Path

import pytest

from wiredesk.stories import dedupe

MIN_RECALL = 0.9
RANDOM_PAIRS = 500
SEED = 2225


def read_article(path: Path) -> tuple[str, str]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # sport/199.txt is not UTF-8
        text = raw.decode("cp1252", errors="replace")
    headline, _, body = text.strip().partition("\n")
    return headline.strip(), body.strip()


@pytest.fixture(scope="module")
def bbc(shared_data):
    folder = shared_data / "bbc-news"
    articles = {
        str(path.relative_to(folder / "bbc")): read_article(path)
        for path in sorted((folder / "bbc").glob("*/*.txt"))
    }
    listed = json.loads((folder / "bbc_duplicates_computed.json").read_text(encoding="utf-8"))
    exact = [sorted(group) for group in listed["exact_duplicate_groups"]]
    exact_pairs = {pair for group in exact for pair in combinations(group, 2)}
    near_key = next(key for key in listed if key.startswith("near_duplicate_pairs"))
    near = {tuple(sorted(pair[1:])) for pair in listed[near_key]} - exact_pairs
    return articles, exact, exact_pairs, near


@pytest.fixture(scope="module")
def indexed(bbc):
    articles = bbc[0]
    signatures = {key: dedupe.signature(f"{h}\n{b}") for key, (h, b) in articles.items()}
    index = dedupe.NearDuplicateIndex()
    index.extend(signatures.items())
    matches = {key: {m for m, _ in index.matches(sig)} - {key} for key, sig in signatures.items()}
    return signatures, matches


def test_bbc_duplicates_are_found_and_distinct_articles_are_not_merged(bbc, indexed, capsys):
    articles, exact, exact_pairs, near = bbc
    _, matches = indexed
    assert len(articles) == 2225 and exact and near

    def found(a: str, b: str) -> bool:
        return b in matches[a] and a in matches[b]

    exact_missed = [pair for pair in exact_pairs if not found(*pair)]
    near_found = sum(found(*pair) for pair in near)
    recall = near_found / len(near)

    listed = exact_pairs | near
    rng = random.Random(SEED)
    keys = sorted(articles)
    distinct: set[tuple[str, str]] = set()
    while len(distinct) < RANDOM_PAIRS:
        pair = tuple(sorted(rng.sample(keys, 2)))
        if pair not in listed:
            distinct.add(pair)
    false_merges = [pair for pair in distinct if pair[1] in matches[pair[0]]]

    all_found = {tuple(sorted((a, b))) for a, others in matches.items() for b in others}
    precision = len(all_found & listed) / len(all_found)
    with capsys.disabled():
        print(
            f"\nBBC dedupe: exact pairs found {len(exact_pairs) - len(exact_missed)}/"
            f"{len(exact_pairs)}; updated-version pairs found {near_found}/{len(near)} "
            f"(recall {recall:.3f}); false merges among {RANDOM_PAIRS} random distinct pairs: "
            f"{len(false_merges)}; all {len(all_found)} matched pairs vs the list: precision "
            f"{precision:.3f} (unlisted: {sorted(all_found - listed)})"
        )
    assert not exact_missed, f"exact duplicates not matched: {exact_missed[:10]}"
    assert recall >= MIN_RECALL
    assert not false_merges, f"distinct articles matched: {false_merges}"


def rss(items: list[tuple[str, str, str]]) -> str:
    date = format_datetime(datetime(2026, 1, 12, 9, 0, tzinfo=UTC))
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>BBC test'
        "</title><link>https://bbc.example.com/</link><description>t</description>"
        + "".join(
            f'<item><title>{escape(h)}</title><guid isPermaLink="false">{escape(g)}</guid>'
            f"<pubDate>{date}</pubDate><description>{escape(body)}</description></item>"
            for g, h, body in items
        )
        + "</channel></rss>"
    )


def test_duplicates_join_a_cluster_through_ingest(bbc, indexed, demo_network, tmp_path):
    """50 articles, 10 of them copies of others, through ingest_files: copies join clusters."""
    from wiredesk.ingest.models import Source
    from wiredesk.ingest.pipeline import ingest_files
    from wiredesk.stories.models import Story

    articles, exact, _, near = bbc
    _, matches = indexed
    rng = random.Random(SEED)
    pairs = rng.sample(sorted(tuple(g) for g in exact), 5) + rng.sample(sorted(near), 5)
    used = {key for pair in pairs for key in pair}
    loners = [k for k in sorted(articles) if k not in used and not matches[k]]
    singles = rng.sample(loners, 30)

    def item(key: str) -> tuple[str, str, str]:
        headline, body = articles[key]
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n") if p.strip())
        return f"bbc:{key}", headline, paragraphs

    first = [item(a) for a, _ in pairs] + [item(k) for k in singles]
    second = [item(b) for _, b in pairs]
    (tmp_path / "1.xml").write_text(rss(first), encoding="utf-8")
    (tmp_path / "2.xml").write_text(rss(second), encoding="utf-8")
    source = Source.objects.create(name="bbc-test", location=str(tmp_path))
    report = ingest_files(source, [tmp_path / "1.xml", tmp_path / "2.xml"])
    assert (report.new + report.duplicate, report.failed) == (50, 0)

    story = {s.external_id: s for s in Story.objects.filter(source=source)}
    assert len(story) == 50
    joined = [
        (a, b)
        for a, b in pairs
        if story[f"bbc:{a}"].cluster_id is not None
        and story[f"bbc:{a}"].cluster_id == story[f"bbc:{b}"].cluster_id
    ]
    assert joined == pairs
    assert report.duplicate == len(pairs)
    assert all(story[f"bbc:{k}"].cluster_id is None for k in singles)
