"""Static export benchmarks (issue 5, benchmarks 1, 2 and the nginx half of 3).

Run from the repository root::

    python bench/export.py hugo          # 1: full export of 10,000 stories vs Hugo
    python bench/export.py incremental   # 2: one new story in a 100,000-story network
    python bench/export.py nginx         # 3: an SSI article page vs the same page as a plain file
    python bench/export.py all           # all three, then the machine
    python bench/export.py hugo --stories 2000 --runs 1
    python bench/export.py incremental --work /tmp/inc100k --repeat 5   # keep and reuse

Each benchmark works in a fresh temporary folder on the same disk: a new SQLite database
(``WIREDESK_DATA_DIR``) with the demo network loaded (6 sites, 17 sections, 44 headline
boxes) and N generated stories (invented text from a fixed seed, one placement each, one in
ten also on a sister site, a minute apart).

1. ``wiredesk export --out DIR`` in its own process, against ``hugo`` (Debian's package)
   building the same stories, written as HTML content files (one Hugo site per network site,
   sections as folders), with templates that show what wiredesk's pages show: the site's
   navigation and sister sites, the article with its dateline, byline, ad zone, headline boxes
   (``partialCached``: once per site, like wiredesk's shared fragments) and rights notice,
   JSON-LD; section lists paginated by 20; RSS per site and section; a sitemap. Both run as
   whole processes (start-up included), alternating, into empty folders; files per second
   is files written / wall time. Goal: wiredesk >= 1.0 x Hugo.
2. A full export of 100,000 stories, then one new story and ``wiredesk export
   --incremental``: files written and seconds (the process, and the run inside it).
   Goal: <= 50 files, <= 1 s.
3. nginx with the configuration from docs/deploy.md serving the export: wrk on loopback
   against an article page with its SSI boxes and against the same page (expanded) as a plain
   static file. Goal: SSI >= 0.8 x plain.
"""

# ruff: noqa: E501  (embedded scripts and Hugo templates keep their long lines)
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe  # noqa: E402  (bench/machine.py)

COMMANDS = {"hugo": ["hugo", "version"], "nginx": ["nginx", "-v"]}
ROOT = Path(__file__).resolve().parent.parent
NETWORK = ROOT / "wiredesk" / "demo" / "network.toml"
WORDS = (
    "satellite orbit launch rocket mission crew station lunar lander probe telescope signal "
    "radar missile defence treaty reactor uranium grid solar wind pipeline storm flood quake "
    "glacier drought harvest agency ministry engineers officials spacecraft booster payload "
    "module survey sensor network contract budget record delay test flight capsule debris "
    "cluster galaxy planet asteroid comet ice dust rover sample tunnel battery turbine"
).split()


def say(text: str) -> None:
    print(text, flush=True)


# -- a generated network --------------------------------------------------------------------


def environment(data_dir: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CACHE_URL")
    }
    env["WIREDESK_DATA_DIR"] = str(data_dir)
    env["CACHE_URL"] = "locmem://"
    return env


def wiredesk(args, data_dir: Path, check=True) -> tuple[float, str]:
    """Run ``wiredesk ARGS`` as a process; ``(wall seconds, stdout)``."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "wiredesk", *args],
        env=environment(data_dir),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    if check and done.returncode != 0:
        raise SystemExit(f"wiredesk {' '.join(args)} failed:\n{done.stderr}")
    return seconds, done.stdout


GENERATE = r"""
import os, random, sys
from datetime import UTC, datetime, timedelta
import django
django.setup()
from django.db import transaction
from wiredesk.ingest.models import Source
from wiredesk.network.models import Agency, Section, SiteProfile
from wiredesk.publish.slugs import slugify_headline
from wiredesk.routing.models import Placement
from wiredesk.stories.models import Revision, Story, StoryState

count, first, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
words = sys.argv[4].split()
rng = random.Random(seed)
sites = list(SiteProfile.objects.all())
sections = {s.pk: list(Section.objects.filter(site=s)) for s in sites}
agencies = list(Agency.objects.all())
source = Source.objects.first()
now = datetime.now(UTC).replace(second=0, microsecond=0)

def sentence(n):
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:]

for start in range(0, count, 2000):
    batch = range(first + start, first + min(count, start + 2000))
    stories, texts, places = [], [], []
    for number in batch:
        site = sites[number % len(sites)]
        headline = f"{sentence(7)} {number}"
        moment = now - timedelta(minutes=number)
        agency = agencies[number % len(agencies)]
        stories.append(Story(
            source=source, external_id=f"bench-{number}", agency=agency,
            state=StoryState.PUBLISHED, headline=headline, slug=slugify_headline(headline),
            revision_count=1, primary_site=site, dated_at=moment, published_at=moment,
            modified_at=moment, created_at=moment, updated_at=moment))
        body = "".join(f"<p>{sentence(60)}.</p>" for _ in range(6))
        texts.append(dict(headline=headline, body_html=body, summary=sentence(25) + ".",
            byline="", dateline_place=rng.choice(["Paris", "Washington", "Tokyo", "Moscow"]),
            dateline_date=moment.strftime("%b %d"), language="en",
            subjects=["Space"], keywords=[], content_hash=f"bench-{number}"))
        extra = sites[(number // len(sites) + number + 1) % len(sites)] if number % 10 == 0 else None
        places.append((site, extra))
    with transaction.atomic():
        made = Story.objects.bulk_create(stories)
        Revision.objects.bulk_create([Revision(story=s, number=1, **t) for s, t in zip(made, texts)])
        rows = []
        for story, (site, extra) in zip(made, places):
            rows.append(Placement(story=story, site=site, section=rng.choice(sections[site.pk] or [None]),
                is_primary=True, decided_by="bench"))
            if extra is not None and extra.pk != site.pk:
                rows.append(Placement(story=story, site=extra, section=rng.choice(sections[extra.pk] or [None]),
                    decided_by="bench"))
        Placement.objects.bulk_create(rows)
print(Story.objects.count())
"""


def generate(data_dir: Path, count: int, first: int = 0) -> None:
    """A fresh database in ``data_dir`` with the demo network and ``count`` stories."""
    if first == 0:
        wiredesk(["migrate", "-v", "0"], data_dir)
        wiredesk(["network", "load", str(NETWORK)], data_dir)
    env = {**environment(data_dir), "DJANGO_SETTINGS_MODULE": "wiredesk.settings"}
    subprocess.run(
        [sys.executable, "-c", GENERATE, str(count), str(first), "5", " ".join(WORDS)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by finished child processes."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file() and ".wiredesk-export" not in p.parts)


def wiredesk_export(data_dir: Path, out: Path, *extra) -> tuple[float, int, str]:
    seconds, printed = wiredesk(["export", "--out", str(out), "--no-progress", *extra], data_dir)
    return seconds, count_files(out), printed.strip()


# -- benchmark 1: Hugo ----------------------------------------------------------------------

HUGO_DUMP = r"""
import json, sys
from pathlib import Path
import django
django.setup()
from wiredesk.network.models import HeadlineBox, SiteProfile
from wiredesk.publish import queries
from wiredesk.publish.theme import site_colours
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Revision, Story

root = Path(sys.argv[1])
sites = list(SiteProfile.objects.select_related("site"))
def box_items(box):
    stories = queries.visible_stories(box.source_site, box.source_section)[:box.count]
    return [{"title": s.headline, "url": f"https://{box.source_site.domain}/reports/{s.slug}_{s.pk}.html"} for s in stories]
revisions = {r.story_id: r for r in Revision.objects.all()}
for site in sites:
    folder = root / site.key
    sections = list(site.sections.all())
    (folder / "layouts").mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    config = {
        "baseURL": f"https://{site.domain}/", "title": site.name, "languageCode": site.language or "en",
        "paginate": 20, "disableKinds": ["taxonomy", "term"], "enableRobotsTXT": True,
        "params": {"tagline": site.tagline, "description": site.description,
                   "accent": site_colours(site.theme)["accent"],
                   "sisters": [{"name": s.name, "url": f"https://{s.domain}/"} for s in sites if s.pk != site.pk]},
    }
    (folder / "config.json").write_text(json.dumps(config))
    boxes = {}
    for page_type in ("article", "front"):
        boxes[page_type] = [{"title": b.title, "items": box_items(b)} for b in
            HeadlineBox.objects.filter(site=site, page_type=page_type).select_related("source_site__site", "source_section")]
    ad = site.ad_zones.filter(key="in-article").first()
    (folder / "data" / "site.json").write_text(json.dumps({"boxes": boxes, "ad": ad.html if ad else ""}))
    for section in sections:
        index = folder / "content" / section.key / "_index.html"
        index.parent.mkdir(parents=True, exist_ok=True)
        index.write_text(json.dumps({"title": section.name, "description": section.description}) + "\n")
    placements = Placement.objects.filter(site=site, state=PlacementState.PUBLISHED,
        story__in=Story.objects.live()).select_related("story__agency", "section")
    for p in placements:
        story, rev = p.story, revisions[p.story_id]
        front = {"title": story.headline, "date": story.published_at.isoformat(),
                 "url": f"/reports/{story.slug}_{story.pk}.html", "summary": rev.summary,
                 "dateline": f"{rev.dateline_place} ({story.agency.key if story.agency else ''}) {rev.dateline_date}",
                 "byline": story.agency.byline if story.agency else "",
                 "rights": story.agency.rights_notice if story.agency else "",
                 "agency": story.agency.name if story.agency else ""}
        name = folder / "content" / (p.section.key if p.section else "news") / f"{story.slug}_{story.pk}.html"
        name.parent.mkdir(parents=True, exist_ok=True)
        name.write_text(json.dumps(front) + "\n\n" + rev.body_html + "\n")
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ block "title" . }}{{ .Site.Title }} - {{ .Site.Params.tagline }}{{ end }}</title>
  <meta name="description" content="{{ .Site.Params.description }}">
  {{ block "head" . }}{{ end }}
  {{ range .AlternativeOutputFormats }}<link rel="alternate" type="{{ .MediaType.Type }}" title="{{ $.Site.Title }}" href="{{ .RelPermalink }}">
  {{ end }}
  <meta property="og:site_name" content="{{ .Site.Title }}">
  <meta property="og:title" content="{{ .Title }}">
  <meta property="og:url" content="{{ .Permalink }}">
  <link rel="stylesheet" href="/static/wiredesk/site.css">
  <style>:root { --accent: {{ .Site.Params.accent | safeCSS }}; }</style>
</head>
<body class="page">
  <a class="skip-link" href="#main">Skip to content</a>
  <header class="site-header">
    <div class="wrap masthead"><a class="brand" href="/" rel="home"><span class="site-name">{{ .Site.Title }}</span> <span class="site-tagline tagline">{{ .Site.Params.tagline }}</span></a></div>
    <nav class="site-nav" aria-label="Sections"><ul class="wrap">
      <li><a href="/"{{ if .IsHome }} aria-current="page"{{ end }}>Home</a></li>
      {{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}"{{ if eq $.Section .Section }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
      {{ end }}
    </ul></nav>
  </header>
  <main id="main" class="site-main" tabindex="-1">{{ block "main" . }}{{ end }}</main>
  <footer class="site-footer"><div class="wrap">
    <p class="footer-brand"><a href="/">{{ .Site.Title }}</a> <span>{{ .Site.Params.tagline }}</span></p>
    <nav class="sister-sites" aria-label="Sister sites"><h2>Across the network</h2><ul>
      {{ range .Site.Params.sisters }}<li><a href="{{ .url }}">{{ .name }}</a></li>
      {{ end }}
    </ul></nav>
  </div></footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "title" }}{{ .Title }} - {{ .Site.Title }}{{ end }}
{{ define "head" }}<link rel="canonical" href="{{ .Permalink }}">
  <meta name="description" content="{{ .Params.summary }}">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="{{ .Date.Format "2006-01-02T15:04-07:00" }}">
  <meta property="article:section" content="{{ .CurrentSection.Title }}">
  <meta name="twitter:card" content="summary">
  <script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "NewsArticle" "headline" .Title "datePublished" (.Date.Format "2006-01-02T15:04-07:00") "author" (slice (dict "@type" "Organization" "name" .Params.byline)) "publisher" (dict "@type" "Organization" "name" .Site.Title "url" .Site.BaseURL) "url" .Permalink "description" .Params.summary "copyrightHolder" (dict "@type" "Organization" "name" .Params.agency) "copyrightNotice" .Params.rights "articleSection" .CurrentSection.Title | jsonify | safeJS }}</script>
{{ end }}
{{ define "main" }}<div class="wrap">
  <article class="story" aria-labelledby="story-headline">
    <header class="story-header">
      <p class="kicker"><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></p>
      <h1 class="headline" id="story-headline">{{ .Title }}</h1>
      <p class="dateline">{{ .Params.dateline }}</p>
      <p class="story-meta"><span class="byline">{{ .Params.byline }}</span></p>
    </header>
    <div class="article-body">{{ .Content }}</div>
    <aside class="ad-zone" aria-label="Advertisement"><p class="ad-label">ADVERTISEMENT</p><div class="ad-slot">{{ .Site.Data.site.ad | safeHTML }}</div></aside>
  </article>
  <aside class="headline-boxes" aria-labelledby="boxes-heading">
    <h2 class="band-heading" id="boxes-heading">More from the network</h2>
    <div class="box-grid">{{ partialCached "boxes.html" .Site.Data.site.boxes.article "article" }}</div>
  </aside>
  <footer class="story-footer"><p class="rights-notice">{{ .Params.rights }}</p></footer>
</div>{{ end }}
""",
    "_default/list.html": """{{ define "title" }}{{ .Title }} - {{ .Site.Title }}{{ end }}
{{ define "head" }}<link rel="canonical" href="{{ .Permalink }}">{{ end }}
{{ define "main" }}<div class="wrap section-layout">
  <header class="page-header"><h1>{{ .Title }}</h1><p>{{ .Params.description }}</p></header>
  {{ $pager := .Paginate .Pages.ByDate.Reverse }}
  <ul class="story-list story-list--section">
    {{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02T15:04-07:00" }}">{{ .Date.Format "Jan 2, 2006" }}</time></li>
    {{ end }}
  </ul>
  <nav class="pagination" aria-label="Pages">
    {{ if $pager.HasPrev }}<a rel="prev" href="{{ $pager.Prev.URL }}">&larr; Newer</a>{{ end }}
    <span>Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }}</span>
    {{ if $pager.HasNext }}<a rel="next" href="{{ $pager.Next.URL }}">Older &rarr;</a>{{ end }}
  </nav>
</div>{{ end }}
""",
    "index.html": """{{ define "head" }}<link rel="canonical" href="{{ .Permalink }}">{{ end }}
{{ define "main" }}<div class="wrap front-layout">
  <div class="front-main">
    {{ $all := .Site.RegularPages.ByDate.Reverse }}
    {{ with index $all 0 }}<article class="lead-story"><p class="kicker">Top story</p>
      <h2 class="lead-headline"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
      <p class="lead-summary">{{ .Params.summary }}</p></article>{{ end }}
    <div class="section-grid">
      {{ range .Site.Sections }}<section class="section-block"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
        <ul class="story-list story-list--compact">{{ range first 5 .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>
      {{ end }}
    </div>
  </div>
  <aside class="front-side">
    <section class="latest"><h2>Latest</h2><ul class="story-list story-list--timeline">{{ range first 12 $all }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>
    <div class="headline-boxes">{{ partialCached "boxes.html" .Site.Data.site.boxes.front "front" }}</div>
  </aside>
</div>{{ end }}
""",
    "partials/boxes.html": """{{ range . }}<section class="headline-box"><h2>{{ .title }}</h2><ul>
  {{ range .items }}<li><a href="{{ .url }}">{{ .title }}</a></li>
  {{ end }}</ul></section>
{{ end }}""",
}


def hugo_sources(data_dir: Path, folder: Path) -> list[Path]:
    """One Hugo site per network site, holding the same stories as HTML content files."""
    env = {**environment(data_dir), "DJANGO_SETTINGS_MODULE": "wiredesk.settings"}
    subprocess.run([sys.executable, "-c", HUGO_DUMP, str(folder)], env=env, check=True)
    sites = sorted(p for p in folder.iterdir() if p.is_dir())
    for site in sites:
        for name, text in HUGO_LAYOUTS.items():
            path = site / "layouts" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        static = site / "static" / "static" / "wiredesk"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "wiredesk" / "publish" / "static" / "wiredesk" / "site.css", static)
    return sites


def hugo_build(sites: list[Path], out: Path) -> tuple[float, int]:
    """Build every site (one ``hugo`` process each, one after another): wall time, files."""
    started = time.perf_counter()
    for site in sites:
        subprocess.run(
            ["hugo", "--quiet", "--source", str(site), "--destination", str(out / site.name)],
            check=True,
        )
    return time.perf_counter() - started, count_files(out)


def bench_hugo(work: Path, stories: int, runs: int) -> dict:
    if not shutil.which("hugo"):
        raise SystemExit("hugo is not installed: apt-get install hugo")
    data = work / "data"
    say(f"generating {stories:,} stories ...")
    generate(data, stories)
    sites = hugo_sources(data, work / "hugo-src")
    results = {"wiredesk": [], "hugo": []}
    cpu = {"wiredesk": [], "hugo": []}
    for run in range(runs):
        for name in ("hugo", "wiredesk") if run % 2 else ("wiredesk", "hugo"):
            out = work / f"out-{name}-{run}"
            before = children_cpu()
            if name == "wiredesk":
                seconds, files, printed = wiredesk_export(data, out)
            else:
                seconds, files = hugo_build(sites, out)
            used = children_cpu() - before
            results[name].append((seconds, files))
            cpu[name].append(used / files * 1000)
            say(
                f"  run {run + 1}: {name:<8} {files:>7,} files in {seconds:6.2f} s = "
                f"{files / seconds:8,.0f} files/s; {used:6.2f} CPU s = "
                f"{used / files * 1000:.2f} CPU ms/file"
            )
            shutil.rmtree(out, ignore_errors=True)
    rate = {n: statistics.median(f / s for s, f in r) for n, r in results.items()}
    cpu_ms = {n: statistics.median(v) for n, v in cpu.items()}
    summary = {
        "stories": stories,
        "wiredesk_files": results["wiredesk"][0][1],
        "hugo_files": results["hugo"][0][1],
        "wiredesk_files_per_s": round(rate["wiredesk"]),
        "hugo_files_per_s": round(rate["hugo"]),
        "ratio": round(rate["wiredesk"] / rate["hugo"], 2),
        "wiredesk_seconds": round(statistics.median(s for s, _ in results["wiredesk"]), 2),
        "hugo_seconds": round(statistics.median(s for s, _ in results["hugo"]), 2),
        "wiredesk_cpu_ms_per_file": round(cpu_ms["wiredesk"], 2),
        "hugo_cpu_ms_per_file": round(cpu_ms["hugo"], 2),
        "cpu_ratio": round(cpu_ms["hugo"] / cpu_ms["wiredesk"], 2),
    }
    say(
        f"benchmark 1: wiredesk {summary['wiredesk_files_per_s']:,} files/s, Hugo "
        f"{summary['hugo_files_per_s']:,} files/s: ratio {summary['ratio']} (goal >= 1.0); "
        f"CPU per file {summary['wiredesk_cpu_ms_per_file']} ms vs "
        f"{summary['hugo_cpu_ms_per_file']} ms: ratio {summary['cpu_ratio']}"
    )
    return summary


# -- benchmark 2: incremental after one new story ----------------------------------------------

ADD_ONE = r"""
import sys
from datetime import UTC, datetime
import django
django.setup()
from wiredesk.ingest.models import Source
from wiredesk.network.models import SiteProfile
from wiredesk.publish.slugs import slugify_headline
from wiredesk.routing.models import Placement
from wiredesk.stories.models import Revision, Story, StoryState

site = SiteProfile.objects.get(key=sys.argv[1])
section = site.sections.first()
source = Source.objects.first()
now = datetime.now(UTC)
headline = "One more invented story for the incremental benchmark"
story = Story.objects.create(source=source, external_id=f"bench-new-story-{Story.objects.count()}", agency=source.agency,
    state=StoryState.PUBLISHED, headline=headline, slug=slugify_headline(headline),
    revision_count=1, primary_site=site, dated_at=now, published_at=now, modified_at=now)
Revision.objects.create(story=story, number=1, headline=headline, content_hash="bench-new",
    body_html="<p>An invented paragraph.</p>", summary="An invented summary.")
Placement.objects.create(story=story, site=site, section=section, is_primary=True, decided_by="bench")
print(story.pk)
"""


def bench_incremental(work: Path, stories: int, site: str = "spacedaily", repeat: int = 1) -> dict:
    """A full export of ``stories`` generated stories into ``work`` (reused when ``work``
    already holds one, e.g. from ``--work DIR``), then ``repeat`` rounds of one new story and
    ``--incremental``; the median round."""
    data, out = work / "data", work / "out"
    if (data / "wiredesk.sqlite3").is_file() and (out / ".wiredesk-export").is_dir():
        say(f"reusing the network and export in {work}")
        wiredesk(["migrate", "-v", "0"], data)
    else:
        say(f"generating {stories:,} stories ...")
        generate(data, stories)
        say("full export ...")
        seconds, files, printed = wiredesk_export(data, out)
        say(f"  {printed} ({seconds:.1f} s as a process)")
    env = {**environment(data), "DJANGO_SETTINGS_MODULE": "wiredesk.settings"}
    rounds = []
    for number in range(repeat):
        subprocess.run([sys.executable, "-c", ADD_ONE, site], env=env, check=True)
        before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
        seconds, _, printed = wiredesk_export(data, out, "--incremental")
        load = os.getloadavg()[0]
        after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
        changed = sorted(
            str(p.relative_to(out))
            for p, m in after.items()
            if before.get(p) != m and ".wiredesk-export" not in p.parts
        )
        removed = len(before.keys() - after.keys())
        inside = float(printed.rsplit(" in ", 1)[1].split(" s")[0])
        kinds: dict = {}
        for path in changed:
            parts = path.split("/")
            kind = parts[1] if len(parts) > 2 else parts[-1]
            kinds[kind] = kinds.get(kind, 0) + 1
        say(f"  round {number + 1}: {printed} ({seconds:.2f} s as a process; load {load:.2f})")
        say(
            f"  files changed on disk: {len(changed)} (+{removed} removed), by first folder: {kinds}"
        )
        rounds.append((inside, seconds, len(changed) + removed, kinds, load))
    rounds.sort(key=lambda r: r[0])
    inside, seconds, files, kinds, load = rounds[len(rounds) // 2]
    summary = {
        "stories": stories,
        "rounds": repeat,
        "files_written": files,
        "seconds_in_run": inside,
        "seconds_process": round(seconds, 2),
        "by_folder": kinds,
        "load_average_1min": round(load, 2),
        "seconds_in_run_all": [r[0] for r in rounds],
    }
    say(
        f"benchmark 2: {summary['files_written']} files written in {inside:.2f} s "
        f"({seconds:.2f} s as a process; median of {repeat}) (goals <= 50 files, <= 1 s)"
    )
    return summary


# -- benchmark 3: nginx, SSI page against the same page as a plain file ------------------------


def wrk(url: str, host: str, duration: int, connections: int) -> float:
    done = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "-H", f"Host: {host}", url],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in done.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise SystemExit(f"wrk printed no rate:\n{done.stdout}")


def bench_nginx(work: Path, rounds: int, duration: int, connections: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from wiredesk.export import linkcheck, nginxconf

    for tool in ("nginx", "wrk"):
        if not shutil.which(tool) and not (tool == "nginx" and nginxconf.nginx_binary()):
            raise SystemExit(f"{tool} is not installed: apt-get install {tool}")
    data, out = work / "data", work / "out"
    wiredesk(["demo", "--no-serve"], data)
    wiredesk_export(data, out)
    host = "www.spacewar.com"
    page = next(
        p for p in sorted((out / host / "reports").iterdir()) if b"<!--# include" in p.read_bytes()
    )
    ssi_url = f"/reports/{page.name}"
    plain = out / host / "_plain" / page.name
    plain.parent.mkdir()
    plain.write_bytes(linkcheck.read_expanded(out, host, f"reports/{page.name}"))
    plain_url = f"/_plain/{page.name}"
    server = nginxconf.Nginx(out, "127.0.0.1:9", work / "nginx", workers=1)
    cached = nginxconf.Nginx(out, "127.0.0.1:9", work / "nginx-cache", workers=1, microcache=True)
    original = nginxconf.site_config

    def with_plain_location(*args, **kwargs):
        text = original(*args, **kwargs).rstrip().rstrip("}")
        # ^~: before the article regex location, which turns SSI on
        return text + "    location ^~ /_plain/ { ssi off; expires 1m; }\n}\n"

    nginxconf.site_config = with_plain_location
    rates = {"ssi": [], "ssi+microcache": [], "plain": []}
    with server, cached:
        a, b = server.get(host, ssi_url), server.get(host, plain_url)
        c = cached.get(host, ssi_url)
        assert a[0] == b[0] == c[0] == 200 and a[2] == b[2] == c[2], "the three pages differ"
        targets = [
            ("ssi", server.port, ssi_url),
            ("ssi+microcache", cached.port, ssi_url),
            ("plain", server.port, plain_url),
        ]
        for round_number in range(rounds):
            for name, port, url in targets[:: 1 if round_number % 2 == 0 else -1]:
                rate = wrk(f"http://127.0.0.1:{port}{url}", host, duration, connections)
                rates[name].append(rate)
                say(f"  round {round_number + 1}: {name:<14} {rate:10,.0f} requests/s")
    nginxconf.site_config = original
    ssi, micro, flat = (statistics.median(rates[n]) for n in ("ssi", "ssi+microcache", "plain"))
    summary = {
        "page_bytes": len(a[2]),
        "ssi_rps": round(ssi),
        "ssi_microcache_rps": round(micro),
        "plain_rps": round(flat),
        "ratio": round(ssi / flat, 2),
        "ratio_microcache": round(micro / flat, 2),
        "rounds": rounds,
        "duration_s": duration,
        "connections": connections,
    }
    say(
        f"benchmark 3 (nginx): SSI page {ssi:,.0f} requests/s, with the microcache "
        f"{micro:,.0f}, plain file {flat:,.0f}: ratios {summary['ratio']} and "
        f"{summary['ratio_microcache']} (goal >= 0.8)"
    )
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", choices=("hugo", "incremental", "nginx", "all"))
    parser.add_argument(
        "--stories", type=int, help="Stories (default 10,000; 100,000 for incremental)."
    )
    parser.add_argument("--runs", type=int, default=3, help="Runs of benchmark 1 (median).")
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds of benchmark 3.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections.")
    parser.add_argument("--keep", action="store_true", help="Keep the work folders.")
    parser.add_argument(
        "--work",
        type=Path,
        metavar="DIR",
        help="Work folder to use and keep (incremental: reuses the network and export it holds).",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="Rounds of benchmark 2 (one new story each; median)."
    )
    args = parser.parse_args()
    results = {}
    chosen = ("hugo", "incremental", "nginx") if args.which == "all" else (args.which,)
    for name in chosen:
        if args.work:
            work = args.work / name if len(chosen) > 1 else args.work
            work.mkdir(parents=True, exist_ok=True)
        else:
            prefix = f"wiredesk-bench-export-{name}-"
            work = Path(tempfile.mkdtemp(prefix=prefix, dir=os.environ.get("TMPDIR")))
        try:
            if name == "hugo":
                results[name] = bench_hugo(work, args.stories or 10_000, args.runs)
            elif name == "incremental":
                stories = args.stories or 100_000
                results[name] = bench_incremental(work, stories, repeat=max(1, args.repeat))
            else:
                results[name] = bench_nginx(work, args.rounds, args.duration, args.connections)
        finally:
            if not args.keep and not args.work:
                shutil.rmtree(work, ignore_errors=True)
    results["machine"] = describe(commands=COMMANDS)
    say(f"machine: {results['machine']}")
    import json

    say(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
