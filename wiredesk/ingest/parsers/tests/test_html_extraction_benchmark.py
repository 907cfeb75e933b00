"""Extraction quality of the "html" parser on a real, published benchmark.

The data is scrapinghub's article-extraction-benchmark (181 real article pages with a
hand-made ``articleBody`` for each, in ``../shared/data``). The metric is the benchmark's
own, re-implemented here: per page, the multiset of word 4-gram shingles of the extracted
text is matched against the ground truth's, true/false positives and negatives are
normalised to sum to 1, precision and recall are averaged over pages, and F1 is the
harmonic mean of those two averages. Published figures: trafilatura 0.958, Readability.js
0.947, readability-lxml 0.922.

Run with ``-s`` to see the figures. Skips when the shared data is absent.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter

import pytest

from wiredesk.ingest.normalize.sanitize import html_to_text
from wiredesk.ingest.parsers import html_article

from .shared_data import shared_path

MIN_F1 = 0.95
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """Word n-grams of ``text`` (a text shorter than n words is one shingle)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def match(truth: str, extracted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised to sum to 1 so that every page weighs the same."""
    expected, got = shingles(truth), shingles(extracted)
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def scores(matches: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision (pages with output), mean recall (pages with truth), their F1."""
    p = statistics.mean(precision(*m) for m in matches if m[0] + m[1] > 0)
    r = statistics.mean(recall(*m) for m in matches if m[0] + m[2] > 0)
    return p, r, 2 * p * r / (p + r)


@pytest.mark.parametrize(
    "truth, extracted, expected",
    [
        ("one two three four five", "one two three four five", (1.0, 0.0, 0.0)),
        ("one two three four five", "", (0.0, 0.0, 1.0)),
        ("a b c d e", "a b c d e f", (2 / 3, 1 / 3, 0.0)),
        ("short text", "short text", (1.0, 0.0, 0.0)),
    ],
)
def test_shingle_matching(truth, extracted, expected):
    assert match(truth, extracted) == pytest.approx(expected)


def test_published_trafilatura_output_scores_as_published():
    """The metric is the benchmark's: the stored trafilatura 2.0.0 output scores 0.958."""
    base = shared_path("article-extraction-benchmark")
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    published = json.loads((base / "output" / "trafilatura.json").read_text(encoding="utf-8"))
    published = published.get("output", published)
    p, r, f1 = scores(
        [
            match(truth[k].get("articleBody", ""), (published[k] or {}).get("articleBody") or "")
            for k in truth
        ]
    )
    assert (round(p, 3), round(r, 3), round(f1, 3)) == (0.938, 0.978, 0.958)


def test_article_extraction_f1_on_the_benchmark():
    base = shared_path("article-extraction-benchmark")
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted((base / "html").glob("*.html.gz"))
    assert len(pages) == len(truth) == 181
    matches = []
    failures = []
    for page in pages:
        page_id = page.name.split(".")[0]
        result = html_article.parse(gzip.decompress(page.read_bytes()))
        if result.failure:
            failures.append(f"{page_id}: {result.failure}")
        text = html_to_text(result.items[0].body_html) if result.items else ""
        matches.append(match(truth[page_id].get("articleBody", ""), text))
    p, r, f1 = scores(matches)
    print(
        f"\nhtml article extraction on {len(pages)} benchmark pages: "
        f"precision={p:.3f} recall={r:.3f} F1={f1:.3f} "
        f"(published trafilatura 0.958); failures: {len(failures)}"
    )
    assert not failures, failures
    assert f1 >= MIN_F1, f"F1 {f1:.3f} is below {MIN_F1}"
