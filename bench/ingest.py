"""End-to-end ingest benchmark: wiredesk's whole pipeline against ``feedparser.parse`` alone.

Run from the repository root::

    python bench/ingest.py                 # 3 runs, medians
    python bench/ingest.py --runs 5
    python bench/ingest.py --profile out.txt   # one run under cProfile

Each run is a fresh process with a fresh temporary ``WIREDESK_DATA_DIR`` (a new SQLite
database, migrated, with the demo network loaded). In that process it times

* wiredesk: read every feed file of the corpus, detect, parse, normalise, dedupe, route and
  store it (``wiredesk.ingest.pipeline.ingest_files``, the code ``wiredesk ingest`` runs);
* feedparser: read the same files and run ``feedparser.parse`` on each, nothing else (once
  before and once after wiredesk; the mean of the two is used, which evens out a change in the
  machine's load during the run).

and prints entries per second for both and their ratio (wiredesk / feedparser).

wiredesk runs twice per run, each time on its own fresh database: with everything in one
process (``--workers 0``, the figure comparable with feedparser's single process), and with
worker processes reading, parsing and normalising while the main process stores
(``wiredesk.ingest.parallel``, what ``wiredesk ingest`` does with several files; ``--workers``
lists the settings, default ``0,1``). CPU time is printed beside wall time for each.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe  # noqa: E402  (bench/machine.py)

PACKAGES = ("django", "feedparser", "lxml", "nh3", "datasketch")
ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("WIREDESK_FEED_DATA", ROOT.parent / "shared" / "data"))
MANIFEST = DATA / "feeds_manifest.csv"
NETWORK = ROOT / "wiredesk" / "demo" / "network.toml"


def corpus() -> list[Path]:
    """Every feed file listed in the manifest, in manifest order."""
    with MANIFEST.open(newline="", encoding="utf-8") as handle:
        files = [DATA / row["path"] for row in csv.DictReader(handle)]
    return [path for path in files if path.is_file()]


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the ingest's workers)."""
    own = os.times()
    return own.user + own.system + own.children_user + own.children_system


def time_feedparser(files: list[Path]) -> tuple[float, int]:
    import io

    import feedparser

    entries = 0
    start = time.perf_counter()
    for path in files:
        parsed = feedparser.parse(io.BytesIO(path.read_bytes()))
        entries += len(parsed.entries)
    return time.perf_counter() - start, entries


def one_run(profile: str = "", workers: int = 0) -> dict:
    """Set up a fresh database, then time both sides. Runs in its own process."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "wiredesk.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from wiredesk.ingest.models import Source
    from wiredesk.ingest.parallel import ingest_many
    from wiredesk.ingest.pipeline import BatchReport
    from wiredesk.stories.models import Revision, Story

    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("network", "load", str(NETWORK), stdout=quiet)
    files = corpus()
    # one source per feed file, as a network polling each feed would have
    sources = [
        Source.objects.create(name=f"bench-{number}", location=str(path), enabled=False, format="")
        for number, path in enumerate(files)
    ]

    def ingest_all() -> BatchReport:
        return ingest_many(list(zip(sources, files, strict=True)), workers=workers)

    fp_before, fp_entries = time_feedparser(files)

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start, cpu = time.perf_counter(), _cpu_seconds()
    report = ingest_all()
    wd_seconds = time.perf_counter() - start
    wd_cpu = _cpu_seconds() - cpu
    if profiler is not None:
        profiler.disable()
        import pstats

        with open(profile, "w") as out:
            stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
            stats.print_stats(60)
            stats.sort_stats("tottime").print_stats(40)

    # feedparser again after wiredesk, so that a change in the machine's load during the run
    # weighs on both sides; its time is the mean of the two passes
    fp_after, _ = time_feedparser(files)
    fp_seconds = (fp_before + fp_after) / 2

    # the same bytes again: must change nothing (and shows the cost of a re-poll)
    stories, revisions = Story.objects.count(), Revision.objects.count()
    start = time.perf_counter()
    again = ingest_all()
    again_seconds = time.perf_counter() - start
    changed = (Story.objects.count() - stories) + (Revision.objects.count() - revisions)

    wd_entries = report.new + report.updated + report.duplicate + report.unchanged + report.rejected
    return {
        "files": len(files),
        "feedparser_seconds": fp_seconds,
        "feedparser_entries": fp_entries,
        "wiredesk_seconds": wd_seconds,
        "wiredesk_cpu_seconds": wd_cpu,
        "workers": workers,
        "wiredesk_entries": wd_entries,
        "wiredesk_summary": report.summary(),
        "wiredesk_documents_failed": report.failed,
        "reingest_seconds": again_seconds,
        "reingest_summary": again.summary(),
        "reingest_rows_changed": changed,
        "stories": stories,
    }


def _one_process(profile: str, workers: int) -> dict | None:
    """One run in a fresh process with a fresh data directory; None if it failed."""
    with tempfile.TemporaryDirectory(prefix="wiredesk-bench-") as data_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(WIREDESK_DATA_DIR=data_dir, PYTHONPATH=str(ROOT))
        command = [sys.executable, __file__, "--one-run", "--workers", str(workers)]
        if profile:
            command += ["--profile", str(Path(profile).resolve())]
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return None
    run = json.loads(done.stdout.strip().splitlines()[-1])
    run["wiredesk_rate"] = run["wiredesk_entries"] / run["wiredesk_seconds"]
    run["feedparser_rate"] = run["feedparser_entries"] / run["feedparser_seconds"]
    run["ratio"] = run["wiredesk_rate"] / run["feedparser_rate"]
    return run


def _label(workers: int) -> str:
    return "one process" if workers == 0 else f"store + {workers} worker(s)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs, each with a fresh database")
    parser.add_argument("--profile", default="", help="write a cProfile report of one run here")
    parser.add_argument(
        "--workers",
        default="0,1",
        help="comma-separated worker counts to run wiredesk with (0: one process)",
    )
    parser.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    if args.one_run:
        print(json.dumps(one_run(args.profile, int(args.workers))))
        return 0

    if not MANIFEST.is_file():
        print(f"bench: no feed manifest at {MANIFEST}", file=sys.stderr)
        return 2
    try:
        settings = [int(w) for w in args.workers.split(",")]
    except ValueError:
        print(f"bench: --workers takes numbers such as 0,1 (got {args.workers!r})", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    runs: dict[int, list[dict]] = {w: [] for w in settings}
    for number in range(1 if args.profile else args.runs):
        for workers in settings:  # the settings take turns within each run
            run = _one_process(args.profile, workers)
            if run is None:
                return 1
            runs[workers].append(run)
            if not args.json:
                print(
                    f"run {number + 1}, {_label(workers)}: wiredesk {run['wiredesk_rate']:,.0f}"
                    f" entries/s ({run['wiredesk_entries']} in {run['wiredesk_seconds']:.2f}s,"
                    f" CPU {run['wiredesk_cpu_seconds']:.2f}s), feedparser "
                    f"{run['feedparser_rate']:,.0f} entries/s ({run['feedparser_entries']} in "
                    f"{run['feedparser_seconds']:.2f}s), ratio {run['ratio']:.2f}; "
                    f"re-ingest {run['reingest_seconds']:.2f}s"
                )
    keys = ("wiredesk_rate", "feedparser_rate", "ratio", "reingest_seconds", "wiredesk_cpu_seconds")
    medians = {
        workers: {key: statistics.median(r[key] for r in done) for key in keys}
        for workers, done in runs.items()
    }
    result = {"machine": describe(PACKAGES), "runs": runs, "medians": medians}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    first = runs[settings[0]][0]
    print(f"files: {first['files']}; wiredesk: {first['wiredesk_summary']}")
    print(
        f"re-ingest of the same bytes: {first['reingest_summary']}; "
        f"rows changed: {first['reingest_rows_changed']}"
    )
    for workers, median in medians.items():
        print(
            f"median of {len(runs[workers])}, {_label(workers)}: wiredesk "
            f"{median['wiredesk_rate']:,.0f} entries/s (CPU {median['wiredesk_cpu_seconds']:.2f}s)"
            f", feedparser {median['feedparser_rate']:,.0f} entries/s, "
            f"ratio {median['ratio']:.2f}"
        )
    info = result["machine"]
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, {info['ram']}; "
        f"Python {info['python']}, Django {info['django']}, feedparser "
        f"{info['feedparser']}, lxml {info['lxml']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
