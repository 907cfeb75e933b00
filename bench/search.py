"""Search benchmark: 100,000 stories with realistic text, on both database backends.

Run from the repository root::

    python bench/search.py                       # SQLite FTS5 and PostgreSQL, 100,000 stories
    python bench/search.py --backends sqlite     # one backend
    python bench/search.py --stories 20000 --queries 100
    python bench/search.py --markdown out.md     # also write a docs/benchmarks.md section
    python bench/search.py --keep var/bench-search   # keep the databases; reuse them next time
    python bench/search.py --keep var/bench-search --against pkg.module.OldBackend

Text: a word-bigram model trained at run time on the BBC News corpus in
``../shared/data/bbc-news`` (nothing of it is stored in the repository) generates headlines and
bodies with real vocabulary, word frequencies and common phrases. The same seed gives the same
stories on both backends.

Each backend runs in its own process with a fresh database (SQLite in a temporary data dir;
PostgreSQL in a temporary database on ``--postgres``): migrate, create 10 sites with 4 sections
each, 4 agencies and the stories (1 in 25 killed, unpublished, embargoed or expired; 3 in 10
on a second site), then time ``reindex_all`` and the queries. Every query is a call of the
backend's ``search()`` as the search page makes it (a site, 10 hits with snippets, the total):

* single terms: content words drawn from the corpus's 3,000 most frequent ones;
* phrases: frequent two-word phrases of the corpus, quoted;
* filtered: a term on one site within a 30-day window.

The baseline is the plain ``LIKE '%term%'`` scan over the same entries with the same joins and
conditions (newest first, with the total), timed on a sample of the same queries.

``--keep DIR`` keeps the databases (SQLite in ``DIR/sqlite``, PostgreSQL in the database
``wiredesk_bench_search_keep``) with a note of what they hold in ``DIR``; a later run with the
same ``--keep``, ``--stories`` and ``--seed`` migrates them and reuses the stories and the index
instead of building them again (other ``--stories`` or ``--seed`` build them afresh; the kept
embargoes end a day after the build). ``--against CLASS`` times a second backend class (e.g. a copy
of older code) on the same queries, alternating which of the two runs first, and counts the
queries whose results differ (totals, hits, order and snippets; a total given as "more than N"
is compared as a lower bound).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from machine import describe  # noqa: E402  (bench/machine.py)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("WIREDESK_BBC_DATA", ROOT.parent / "shared" / "data" / "bbc-news"))
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
KEPT_POSTGRES = "wiredesk_bench_search_keep"
GOAL_P95_MS = 20.0
SITES, SECTIONS_PER_SITE = 10, 4
AGENCIES = [("AFP", "Agence France-Presse"), ("UPI", "United Press International"),
            ("SPX", "SpaceDaily Express"), ("BNW", "Bench News Wire")]  # fmt: skip
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our out over own
    said same says she should so some such than that the their them then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with would you your year years mr mrs ms one two new last first told""".split()
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*%?|[.,;:!?]")


# -- the text model ------------------------------------------------------------------------


def read_corpus() -> list[str]:
    texts = []
    for path in sorted(CORPUS.rglob("*.txt")):
        if path.name.upper() == "README.TXT":
            continue
        data = path.read_bytes()
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(data.decode("cp1252", errors="replace"))
    return texts


class TextModel:
    """A word-bigram model: vocabulary, successor tables and a vectorised sampler."""

    def __init__(self, texts: list[str]):
        import numpy as np

        tokens: list[str] = []
        for text in texts:
            tokens.append(".")
            tokens += _TOKEN.findall(text.replace("\n", " . "))
        self.unigrams = Counter(tokens)
        vocab = sorted(self.unigrams)
        index = {word: n for n, word in enumerate(vocab)}
        ids = np.fromiter((index[t] for t in tokens), dtype=np.int64, count=len(tokens))
        size = len(vocab)
        pairs, counts = np.unique(ids[:-1] * size + ids[1:], return_counts=True)
        first, second = pairs // size, pairs % size
        self.np = np
        self.vocab = np.array(vocab, dtype=object)
        self.period = index["."]
        self.successors = second
        self.cumulative = np.cumsum(counts)
        row_end = np.searchsorted(first, np.arange(size), side="right")
        row_start = np.concatenate(([0], row_end[:-1]))
        self.base = np.where(row_start > 0, self.cumulative[np.maximum(row_start - 1, 0)], 0)
        self.base[row_start == 0] = 0
        self.total = np.where(
            row_end > row_start, self.cumulative[np.maximum(row_end - 1, 0)] - self.base, 0
        )
        self.bigrams = Counter()
        for a, b, n in zip(first.tolist(), second.tolist(), counts.tolist(), strict=True):
            if n >= 8:
                self.bigrams[(vocab[a], vocab[b])] = n

    def sample(self, rng, docs: int, length: int):
        """``docs`` × ``length`` token ids, each row a walk starting after a full stop."""
        np = self.np
        out = np.empty((docs, length), dtype=np.int64)
        state = np.full(docs, self.period)
        for step in range(length):
            total = self.total[state]
            dead = total == 0
            if dead.any():
                state = np.where(dead, self.period, state)
                total = self.total[state]
            target = self.base[state] + (rng.random(docs) * total).astype(np.int64)
            state = self.successors[np.searchsorted(self.cumulative, target, side="right")]
            out[:, step] = state
        return out

    def render(self, row, paragraphs: bool) -> str:
        words = self.vocab[row].tolist()
        out, sentence, sentences = [], [], 0
        for word in words:
            if word in ".,;:!?":
                if not sentence:
                    continue
                sentence[-1] += word
                if word in ".!?":
                    out.append(" ".join(sentence))
                    sentence, sentences = [], sentences + 1
                    if paragraphs and sentences % 3 == 0:
                        out.append("\n")
            else:
                sentence.append(word)
        if not paragraphs:
            return " ".join(out + sentence).strip(" .,;:")
        text = " ".join(out) if out else " ".join(sentence)
        return "".join(f"<p>{p.strip()}</p>" for p in text.split("\n") if p.strip())


# -- one backend, in its own process -------------------------------------------------------


def content_words(model: TextModel, count: int) -> list[str]:
    ranked = [
        word
        for word, _ in model.unigrams.most_common()
        if word.isalpha() and len(word) >= 4 and word.lower() not in STOPWORDS
    ]
    return ranked[:count]


def frequent_phrases(model: TextModel, count: int) -> list[str]:
    phrases = [
        f"{a} {b}"
        for (a, b), _ in model.bigrams.most_common()
        if a.isalpha() and b.isalpha() and len(a) >= 3 and len(b) >= 3
        and a.lower() not in STOPWORDS and b.lower() not in STOPWORDS
    ]  # fmt: skip
    return phrases[:count]


def generate(args, model: TextModel) -> dict:
    """Create the network and the stories; return what the queries need."""
    import numpy as np
    from django.contrib.sites.models import Site

    from wiredesk.ingest.models import Source
    from wiredesk.network.models import Agency, Section, SiteProfile
    from wiredesk.routing.models import Placement
    from wiredesk.stories.models import Revision, Story, StoryState

    rng = np.random.default_rng(args.seed)
    pick = random.Random(args.seed)
    sites, sections = [], {}
    for n in range(SITES):
        site = Site.objects.create(domain=f"www.bench{n}.com", name=f"Bench {n}")
        profile = SiteProfile.objects.create(site=site, key=f"bench{n}", position=n)
        sites.append(profile)
        sections[profile.pk] = [
            Section.objects.create(site=profile, key=f"s{k}", name=f"Section {k}", position=k)
            for k in range(SECTIONS_PER_SITE)
        ]
    agencies = [Agency.objects.create(key=key, name=name) for key, name in AGENCIES]
    source = Source.objects.create(name="bench", location="/dev/null", enabled=False)
    now = datetime.now(UTC).replace(microsecond=0)
    span = timedelta(days=730)
    chunk = 5000
    start = time.perf_counter()
    for first in range(0, args.stories, chunk):
        count = min(chunk, args.stories - first)
        heads = model.sample(rng, count, 14)
        bodies = model.sample(rng, count, 460)
        lengths = rng.integers(160, 460, count)
        stories, revisions, placements = [], [], []
        for row in range(count):
            pk = first + row + 1
            headline = model.render(heads[row][: pick.randint(7, 13)], paragraphs=False)
            headline = (headline[:1].upper() + headline[1:])[:300] or f"Story {pk}"
            body = model.render(bodies[row][: lengths[row]], paragraphs=True)
            published = now - span * pick.random()
            kind = pick.random()
            state = StoryState.PUBLISHED
            embargo = expires = None
            if kind < 0.01:
                state = StoryState.KILLED
            elif kind < 0.02:
                state = StoryState.UNPUBLISHED
            elif kind < 0.03:
                embargo = now + timedelta(days=1)
            elif kind < 0.04:
                expires = now - timedelta(days=1)
            site = pick.choice(sites)
            stories.append(
                Story(
                    pk=pk, source=source, external_id=f"bench-{pk}", agency=pick.choice(agencies),
                    state=state, headline=headline, slug=f"story-{pk}", revision_count=1,
                    primary_site=site, dated_at=published, published_at=published,
                    embargo_until=embargo, expires_at=expires,
                )
            )  # fmt: skip
            revisions.append(
                Revision(story_id=pk, number=1, content_hash=f"h{pk}", headline=headline,
                         body_html=body, byline="Bench Staff Writers")
            )  # fmt: skip
            placements.append(
                Placement(story_id=pk, site=site, section=pick.choice(sections[site.pk]),
                          is_primary=True, decided_by="bench")
            )  # fmt: skip
            if pick.random() < 0.3:
                other = pick.choice([s for s in sites if s.pk != site.pk])
                placements.append(
                    Placement(story_id=pk, site=other, section=pick.choice(sections[other.pk]),
                              decided_by="bench")
                )  # fmt: skip
        Story.objects.bulk_create(stories)
        Revision.objects.bulk_create(revisions)
        Placement.objects.bulk_create(placements)
        log(f"  {first + count:,} stories created ({time.perf_counter() - start:.0f} s)")
    return {"sites": sites, "now": now, "span": span}


def query_sets(args, model: TextModel, world: dict) -> dict:
    pick = random.Random(args.seed + 1)
    words = content_words(model, 3000)
    phrases = frequent_phrases(model, 400)
    sites = world["sites"]
    singles = [(pick.choice(words), pick.choice(sites), None) for _ in range(args.queries)]
    quoted = [(f'"{pick.choice(phrases)}"', pick.choice(sites), None) for _ in range(args.queries)]
    filtered = []
    for _ in range(args.queries):
        end = world["now"] - world["span"] * pick.random() * 0.95
        filtered.append((pick.choice(words), pick.choice(sites), (end - timedelta(days=30), end)))
    return {"single terms": singles, "phrases": quoted, "filtered (site + 30 days)": filtered}


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": cuts[94],
        "max": ordered[-1],
    }


def like_baseline(backend, text: str, site, window, now) -> int:
    """The naive search: ``LIKE '%words%'`` over headline and body, newest first, with the
    total; the same live, placement and date conditions as the real backend."""
    from wiredesk.search.backends.base import SearchFilters
    from wiredesk.search.models import SearchEntry

    date_from, date_to = window or (None, None)
    filters = SearchFilters(site=site, date_from=date_from, date_to=date_to, now=now)
    where, params = backend.filter_sql(filters)
    pattern = "%" + text.strip('"') + "%"
    operator = "ILIKE" if backend.vendor == "postgresql" else "LIKE"
    rows = backend.fetch(
        f"SELECT e.story_id, count(*) OVER () FROM {SearchEntry._meta.db_table} e "
        f"WHERE (e.headline {operator} %s OR e.body {operator} %s) AND {where} "
        f"ORDER BY e.published_at DESC LIMIT 10",
        [pattern, pattern, *params],
    )
    return rows[0][1] if rows else 0


def one_run(args) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "wiredesk.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wiredesk.search.backends import get_search_backend

    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
    log(f"[{connection.vendor}] building the text model from {CORPUS}")
    model = TextModel(read_corpus())
    backend = get_search_backend()
    kept = load_world(args)
    if kept is not None:
        world, create_seconds, index_seconds, indexed = kept
        log(f"[{connection.vendor}] reusing the {args.stories:,} stories kept in {args.world}")
    else:
        log(f"[{connection.vendor}] creating {args.stories:,} stories")
        start = time.perf_counter()
        world = generate(args, model)
        create_seconds = time.perf_counter() - start
        log(f"[{connection.vendor}] indexing with {type(backend).__name__}.reindex_all()")
        start = time.perf_counter()
        indexed = backend.reindex_all()
        index_seconds = time.perf_counter() - start
        log(f"  {indexed:,} stories indexed in {index_seconds:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    if kept is None:
        save_world(args, world, create_seconds, index_seconds, indexed)
    other = None
    if args.against:
        from django.utils.module_loading import import_string

        other = import_string(args.against)("against", {})
    sets = query_sets(args, model, world)
    warm = sets["single terms"][:20]
    for text, site, _ in warm:
        backend.search(text, site=site)
        if other is not None:
            other.search(text, site=site)
    results = {}
    for name, queries in sets.items():
        timings, totals, hits_shown = [], [], 0
        against, differences = [], []
        for number, (text, site, window) in enumerate(queries):
            date_from, date_to = window or (None, None)
            if other is not None and number % 2:  # the other backend first, every other query
                start = time.perf_counter()
                theirs = other.search(text, site=site, date_from=date_from, date_to=date_to)
                against.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            found = backend.search(text, site=site, date_from=date_from, date_to=date_to)
            timings.append((time.perf_counter() - start) * 1000)
            if other is not None and not number % 2:
                start = time.perf_counter()
                theirs = other.search(text, site=site, date_from=date_from, date_to=date_to)
                against.append((time.perf_counter() - start) * 1000)
            if other is not None and not same_results(found, theirs):
                differences.append(text)
            totals.append(found.total)
            hits_shown += len(found.hits)
            if found.error:
                raise RuntimeError(f"search error for {text!r}: {found.error}")
        baseline = []
        for text, site, window in queries[: args.baseline_queries]:
            start = time.perf_counter()
            like_baseline(backend, text, site, window, datetime.now(UTC))
            baseline.append((time.perf_counter() - start) * 1000)
        results[name] = {
            "search_ms": percentiles(timings),
            "baseline_ms": percentiles(baseline),
            "median_total": statistics.median(totals),
            "max_total": max(totals),
            "zero_hit_queries": sum(1 for t in totals if t == 0),
            "examples": [q[0] for q in queries[:3]],
        }
        if other is not None:
            results[name]["against_ms"] = percentiles(against)
            results[name]["differences"] = len(differences)
            log(
                f"  {name}: against {type(other).__name__}: p50 "
                f"{results[name]['against_ms']['p50']:.1f} ms, p95 "
                f"{results[name]['against_ms']['p95']:.1f} ms; {len(differences)} queries with "
                f"different results{': ' if differences else ''}{', '.join(differences[:5])}"
            )
        log(
            f"  {name}: p50 {results[name]['search_ms']['p50']:.1f} ms, "
            f"p95 {results[name]['search_ms']['p95']:.1f} ms; LIKE p50 "
            f"{results[name]['baseline_ms']['p50']:.0f} ms"
        )
    return {
        "vendor": connection.vendor,
        "backend": type(backend).__name__,
        "against": type(other).__name__ if other is not None else "",
        "stories": args.stories,
        "indexed": indexed,
        "create_seconds": create_seconds,
        "index_seconds": index_seconds,
        "database_version": database_version(connection),
        "results": results,
    }


def same_results(ours, theirs) -> bool:
    """Whether two backends' answers to one query agree: the same hits in the same order with
    the same highlights, and the same total (or, where one says "more than N", a total above N
    in the other)."""

    def shown(results):
        return [
            (hit.story.pk, round(hit.score, 4), str(hit.headline_html), str(hit.snippet_html))
            for hit in results.hits
        ]

    ours_exact = getattr(ours, "total_exact", True)
    theirs_exact = getattr(theirs, "total_exact", True)
    if ours_exact and theirs_exact:
        totals_agree = ours.total == theirs.total
    elif ours_exact:
        totals_agree = ours.total > theirs.total
    elif theirs_exact:
        totals_agree = theirs.total > ours.total
    else:
        totals_agree = ours.total == theirs.total
    return totals_agree and shown(ours) == shown(theirs)


def load_world(args):
    """``(world, create_seconds, index_seconds, indexed)`` from a kept database, or None."""
    if not args.world or not Path(args.world).is_file():
        return None
    from wiredesk.network.models import SiteProfile
    from wiredesk.stories.models import Story

    note = json.loads(Path(args.world).read_text())
    if note["stories"] != args.stories or note["seed"] != args.seed:
        return None
    if Story.objects.count() != args.stories:
        return None
    built = datetime.fromisoformat(note["now"])
    if datetime.now(UTC) - built > timedelta(hours=20):
        log(
            f"  note: the kept stories were built at {built:%Y-%m-%d %H:%M} UTC; their embargoes "
            "end a day after that, so results drift from a fresh run's (delete DIR to rebuild)"
        )
    profiles = SiteProfile.objects.in_bulk(note["sites"])
    world = {
        "sites": [profiles[pk] for pk in note["sites"]],
        "now": built,
        "span": timedelta(seconds=note["span"]),
    }
    return world, note["create_seconds"], note["index_seconds"], note["indexed"]


def save_world(args, world, create_seconds, index_seconds, indexed) -> None:
    if not args.world:
        return
    note = {
        "stories": args.stories,
        "seed": args.seed,
        "sites": [site.pk for site in world["sites"]],
        "now": world["now"].isoformat(),
        "span": world["span"].total_seconds(),
        "create_seconds": create_seconds,
        "index_seconds": index_seconds,
        "indexed": indexed,
    }
    Path(args.world).write_text(json.dumps(note))


def database_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0]
        cursor.execute("SELECT sqlite_version()")
        return "SQLite " + cursor.fetchone()[0]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the driver ----------------------------------------------------------------------------


def run_backend(vendor: str, args) -> dict:
    command = [sys.executable, __file__, "--one-run", "--stories", str(args.stories),
               "--queries", str(args.queries), "--seed", str(args.seed),
               "--baseline-queries", str(args.baseline_queries)]  # fmt: skip
    if args.against:
        command += ["--against", args.against]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    if args.keep:
        keep = Path(args.keep).resolve()
        data_dir, note = keep / vendor, keep / f"{vendor}-world.json"
        fresh = not _kept_matches(note, args)
        if fresh:  # nothing kept, or other stories: start again
            note.unlink(missing_ok=True)
            shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True, exist_ok=True)
        env["WIREDESK_DATA_DIR"] = str(data_dir)
        command += ["--world", str(note)]
        if vendor == "postgresql":
            return _with_postgres(args.postgres, env, command, keep=True, fresh=fresh)
        return _run(command, env)
    with tempfile.TemporaryDirectory(prefix="wiredesk-bench-search-") as data_dir:
        env["WIREDESK_DATA_DIR"] = data_dir
        if vendor == "postgresql":
            return _with_postgres(args.postgres, env, command)
        return _run(command, env)


def _run(command, env) -> dict:
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark process failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _kept_matches(note: Path, args) -> bool:
    """Whether the databases kept with ``note`` hold the stories ``args`` asks for."""
    try:
        kept = json.loads(note.read_text())
    except (OSError, ValueError):
        return False
    return kept.get("stories") == args.stories and kept.get("seed") == args.seed


def _with_postgres(url: str, env: dict, command, keep: bool = False, fresh: bool = True) -> dict:
    import psycopg
    from psycopg import sql

    base = url.rsplit("/", 1)[0]
    name = KEPT_POSTGRES if keep else f"wiredesk_bench_search_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        if keep and fresh:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env["DATABASE_URL"] = f"{base}/{name}"
    if keep:  # the kept database stays, whatever happens
        return _run(command, env)
    try:
        return _run(command, env)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def table(runs: list[dict]) -> str:
    lines = [
        "| backend | queries | n | p50 ms | p95 ms | LIKE p50 ms | LIKE p95 ms "
        "| LIKE / backend (p50) | LIKE / backend (p95) | p95 ≤ 20 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        for name, figures in run["results"].items():
            ours, like = figures["search_ms"], figures["baseline_ms"]
            lines.append(
                f"| {run['database_version']} ({run['backend']}) | {name} | {ours['n']} "
                f"| {ours['p50']:.1f} | {ours['p95']:.1f} | {like['p50']:.0f} | {like['p95']:.0f} "
                f"| {like['p50'] / ours['p50']:.0f}× | {like['p95'] / ours['p95']:.0f}× "
                f"| {'yes' if ours['p95'] <= GOAL_P95_MS else 'no'} |"
            )
    return "\n".join(lines)


def against_table(runs: list[dict]) -> str:
    """This code against ``--against``, timed alternately on the same queries."""
    lines = [
        "| backend | queries | n | p50 ms | p95 ms | against p50 ms | against p95 ms "
        "| p50 ratio | p95 ratio | queries with different results |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        for name, figures in run["results"].items():
            if "against_ms" not in figures:
                continue
            ours, theirs = figures["search_ms"], figures["against_ms"]
            lines.append(
                f"| {run['database_version']} ({run['backend']} vs {run['against']}) | {name} "
                f"| {ours['n']} | {ours['p50']:.1f} | {ours['p95']:.1f} | {theirs['p50']:.1f} "
                f"| {theirs['p95']:.1f} | {ours['p50'] / theirs['p50']:.2f} "
                f"| {ours['p95'] / theirs['p95']:.2f} | {figures['differences']} |"
            )
    return "\n".join(lines) if len(lines) > 2 else ""


def markdown(result: dict) -> str:
    info = result["machine"]
    runs = result["runs"]
    parts = [
        "## Search at 100,000 stories",
        "",
        "`bench/search.py` generates stories with a word-bigram model of the BBC News corpus "
        "(`../shared/data/bbc-news`, read at run time), indexes them with each backend's "
        "`reindex_all()` and times `search()` as the search page calls it (one site, 10 hits "
        "with highlighted snippets, the total). The baseline is a plain `LIKE '%term%'` scan "
        "(`ILIKE` on PostgreSQL) over the same entries with the same conditions, newest first "
        "with the total, on the first queries of each set. Goal: p95 ≤ 20 ms.",
        "",
        f"Run {info['date']}: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM, "
        f"load average {info['load']} at the end (the machine is shared); Python "
        f"{info['python']}, Django {info['django']}.",
        "",
    ]
    for run in runs:
        parts.append(
            f"- {run['database_version']}: {run['stories']:,} stories created in "
            f"{run['create_seconds']:.0f} s; `reindex_all()` indexed {run['indexed']:,} "
            f"(the searchable ones) in {run['index_seconds']:.0f} s "
            f"({run['indexed'] / run['index_seconds']:,.0f} stories/s)."
        )
    parts += ["", table(runs), ""]
    for run in runs[:1]:
        for name, figures in run["results"].items():
            parts.append(
                f"- {name}: e.g. {', '.join(figures['examples'])}; median total "
                f"{figures['median_total']:,.0f} matches on the site, largest "
                f"{figures['max_total']:,}."
            )
    parts += [
        "",
        "How to reproduce:",
        "",
        "```",
        "python bench/search.py                     # both backends, 100,000 stories",
        "python bench/search.py --backends sqlite --stories 20000",
        "python bench/search.py --postgres postgres://user@host:5432/postgres",
        "```",
        "",
    ]
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100_000, help="stories (default 100,000)")
    parser.add_argument("--queries", type=int, default=200, help="queries per set (default 200)")
    parser.add_argument(
        "--baseline-queries", type=int, default=15, help="LIKE queries per set (default 15)"
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--backends",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument(
        "--postgres",
        default=DEFAULT_POSTGRES,
        help=f"a PostgreSQL URL to create the temporary database from ({DEFAULT_POSTGRES})",
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the databases (SQLite in DIR, PostgreSQL in the database "
        f"{KEPT_POSTGRES}) and reuse them when they hold the same --stories and --seed",
    )
    parser.add_argument(
        "--against",
        metavar="CLASS",
        help="the dotted path of a second backend class to time alternately on the same "
        "queries, counting the queries whose results differ",
    )
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    parser.add_argument("--markdown", metavar="FILE", help="write a docs/benchmarks.md section")
    parser.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--world", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stories < 100 or args.queries < 20:
        parser.error("--stories must be at least 100 and --queries at least 20")
    if args.one_run:
        print(json.dumps(one_run(args), default=str))
        return 0
    if not CORPUS.is_dir():
        print(f"bench: no BBC News corpus at {CORPUS}", file=sys.stderr)
        return 2
    vendors = [v.strip() for v in args.backends.split(",") if v.strip()]
    unknown = set(vendors) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown backends: {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    runs = [run_backend(vendor, args) for vendor in vendors]
    result = {
        "machine": describe(("django",)),
        "runs": runs,
        "seconds": time.perf_counter() - started,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(table(runs))
        if args.against:
            print("\n" + against_table(runs))
        info = result["machine"]
        print(
            f"\nmachine: {info['cpu']}, {info['cores']} cores, {info['ram']}, load "
            f"{info['load']}; Python {info['python']}, Django {info['django']}; "
            f"{info['date']}; whole run {result['seconds']:.0f} s"
        )
    if args.markdown:
        Path(args.markdown).write_text(markdown(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
