"""One export run: plan the targets, render them (in bulk, on several cores when it pays),
write the files that changed, remove the ones that went away, and remember it all.

A full run renders every target of the chosen sites. An incremental run compares the
signatures of the stories that may have changed since the last run (those the database's
change log names and those the clock took past an embargo or expiry; every story when the
log cannot tell: ``signatures.py``) with the last run's, turns the changes into dirty
dependency keys and renders only the targets that hold one, plus the groups whose
membership may have changed (a section that grew a page, an article that is gone), the
articles that moved in or out of a site's shared headline boxes, and the news sitemaps that
lost a story to their 48-hour window.
"""

import logging
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import connections
from django.test.utils import override_settings
from markupsafe import Markup

from wiredesk.publish import fragments, rights

from . import accelerate, config, signatures, ssi, writer
from .manifest import Manifest
from .render import Renderer
from .targets import GONE_URL, NETWORK_HOST, STATIC_PREFIXES, Planner, Target, all_profiles

CHUNK = 250
PARALLEL_MIN = 1500
NGINX_FOLDER = "nginx"


class ExportError(Exception):
    """A problem the user can fix (an unknown site, an unwritable folder)."""


@dataclass
class Options:
    out: Path
    site: str | None = None
    incremental: bool = False
    scheme: str = "https"
    jobs: int = 0  # 0: one process per core for big runs
    accelerate: bool = True  # answer the publish queries from memory (accelerate.py)
    # progress(total) is a context manager yielding a function to call once per file
    progress: Callable | None = None


@dataclass
class Report:
    mode: str = "full"
    rendered: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    gone: int = 0
    seconds: float = 0.0
    problems: list = field(default_factory=list)
    written_by_kind: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        rate = self.rendered / self.seconds if self.seconds else 0.0
        return (
            f"{self.mode} export: {self.written} files written, {self.unchanged} unchanged, "
            f"{self.removed} removed ({self.gone} gone) in {self.seconds:.2f} s "
            f"({self.rendered} rendered, {rate:,.0f}/s)"
        )


def kind_of(target_group: str, url: str) -> str:
    kind = target_group.partition(":")[0]
    if kind in ("article", "section", "network", "static"):
        return kind
    if "sitemap" in url:
        return "sitemap"
    if url.endswith((".xml", ".json")):
        return "feed"
    if url.startswith("/_fragments/"):
        return "fragment"
    return "page"


# -- rendering (in this process or in forked workers) ----------------------------------------

_worker: dict = {}


def _render_chunk(chunk: list[Target]) -> list[tuple]:
    renderer, out, old, box_deps = (
        _worker["renderer"],
        _worker["out"],
        _worker["old"],
        _worker["box_deps"],
    )
    with rights.rendering_for("export"):  # also in a forked rendering process
        return _render_targets(chunk, renderer, out, old, box_deps)


def _render_targets(chunk, renderer, out, old, box_deps) -> list[tuple]:
    stories = [t.story for t in chunk if t.story is not None]
    if stories:
        accelerate.prefetch(stories)
    results = []
    for target in chunk:
        if target.url == GONE_URL:
            rendered = renderer.render_gone(target.host, target.url)
        else:
            rendered = renderer.render(target.host, target.url)
        if rendered.status != target.status:
            results.append((target, None, False, f"HTTP {rendered.status}"))
            continue
        digest = writer.digest(rendered.content)
        changed = old.get(target.path) != digest
        if changed:
            writer.write_atomic(out / target.path, rendered.content)
        deps = list(target.deps)
        if rendered.inlined_boxes:
            site_id = int(target.group.split(":")[1])
            deps += box_deps.get((site_id, fragments.ARTICLE), ())
        results.append((target, (digest, sorted(set(deps))), changed, ""))
    return results


def _chunks(targets: list[Target]) -> list[list[Target]]:
    articles = sorted((t for t in targets if t.story is not None), key=lambda t: t.story)
    others = [t for t in targets if t.story is None]
    ordered = others + articles
    return [ordered[i : i + CHUNK] for i in range(0, len(ordered), CHUNK)]


def _job_count(requested: int, total: int) -> int:
    if requested:
        return max(1, requested)
    if total < PARALLEL_MIN:
        return 1
    return max(1, len(os.sched_getaffinity(0)))


# -- the run -----------------------------------------------------------------------------------


class Run:
    def __init__(self, options: Options):
        self.options = options
        self.out = options.out
        self.report = Report(mode="incremental" if options.incremental else "full")
        profiles = all_profiles()
        if options.site:
            chosen = [p for p in profiles if p.key == options.site]
            if not chosen:
                known = ", ".join(p.key for p in profiles) or "none"
                raise ExportError(f"unknown site {options.site!r} (sites: {known})")
            profiles = chosen
        self.profiles = profiles
        self.scope = options.site or "all"
        self.hosts = {p.domain for p in profiles}
        if not options.site:
            self.hosts.add(NETWORK_HOST)
        self.planner = Planner(profiles)

    def prepare_out(self) -> None:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            probe = self.out / ".wiredesk-write-test"
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as error:
            raise ExportError(
                f"cannot write to {self.out}: {error.strerror or error}: choose another --out"
            ) from None

    def execute(self) -> Report:
        started = time.perf_counter()
        self.prepare_out()
        self.manifest = Manifest(self.out)
        try:
            allowed = sorted(p.domain for p in self.planner.by_pk.values())
            with (
                override_settings(
                    WIREDESK_PAGE_CACHE=False,
                    ALLOWED_HOSTS=[*allowed, NETWORK_HOST, "testserver"],
                ),
                accelerate.accelerated(self.options.accelerate),
                quiet_request_log(),
            ):
                self.renderer = Renderer(self.options.scheme)
                self._run()
        finally:
            self.manifest.close()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _run(self) -> None:
        manifest = self.manifest
        scope_key, cursor_key = f"config:{self.scope}", f"cursor:{self.scope}"
        now = signatures.cursor_now()  # before anything is read
        signature = config.signature(scheme=self.options.scheme, ssi=True)
        last = signatures.Cursor.parse(manifest.get(cursor_key))
        incremental = (
            self.options.incremental and manifest.get(scope_key) == signature and last is not None
        )
        if self.options.incremental and not incremental:
            self.report.mode = "full (no usable earlier export)"
        stories = signatures.candidates(last, now) if incremental else None
        if stories is None:  # compare every story
            new_sigs = signatures.current(now=signatures.moment(now.now))
            old_sigs = manifest.signatures(self.scope) if incremental else {}
        else:
            new_sigs = signatures.current(stories, now=signatures.moment(now.now))
            old_sigs = manifest.signatures_of(self.scope, stories)
            now.full_at = last.full_at
        changed, keys = signatures.changes(old_sigs, new_sigs) if incremental else (None, None)
        selections = self._selections(keys)
        if incremental:
            since, until = signatures.moment(last.now), signatures.moment(now.now)
            keys |= self.planner.news_keys(since, until)
            targets, stale = self._incremental_targets(
                old_sigs, new_sigs, changed, keys, selections
            )
        else:
            targets, stale = self._full_targets()
        manifest.db.execute("BEGIN")
        self._render(targets)
        self._remove(stale)
        self._copy_static()
        if not incremental:  # (also when --incremental fell back to a full run)
            old_sigs = {}
            manifest.clear_signatures(self.scope)
        changed = {s: v for s, v in new_sigs.items() if old_sigs.get(s) != v}
        manifest.save_signatures(self.scope, changed, old_sigs.keys() - new_sigs.keys())
        for site_id, ids in selections.items():
            manifest.save_selection(site_id, ids)
        manifest.put(scope_key, signature)
        manifest.put(cursor_key, now.text())
        manifest.db.execute("COMMIT")
        self._write_nginx_maps()
        signatures.prune(now)

    # -- planning ----------------------------------------------------------------------------

    def _full_targets(self):
        targets = []
        for group in self.planner.all_groups(include_network=not self.options.site):
            targets += self.planner.plan(group)
        for profile in self.profiles:
            targets += self.planner.articles(profile)
        planned = {t.path for t in targets}
        old = self.manifest.all_hashes(self.hosts)
        stale = [
            p for p in old if p not in planned and not p.split("/", 1)[1].startswith("static/")
        ]
        self.old_hashes = old
        return targets, stale

    def _selections(self, keys) -> dict[int, set]:
        """Each site's shared headline selection (``fragments.shared_headlines``): computed
        again for a site whose article boxes draw on a dirty key (every site, in a full run),
        the last run's for the others. The renderer's article pages use them too."""
        selections = {}
        for profile in self.profiles:
            sources = set(self.planner.box_deps.get((profile.pk, fragments.ARTICLE), ()))
            if keys is not None and not sources & keys:
                selections[profile.pk] = self.manifest.selection(profile.pk)
            else:
                selections[profile.pk] = fragments.shared_headlines(fragments.shared_boxes(profile))
            include = ssi.include(fragments.fragment_url(profile))
            self.renderer.selections[profile.pk] = (selections[profile.pk], Markup(include))
        return selections

    def _incremental_targets(self, old_sigs, new_sigs, changed, keys, selections):
        in_scope = {p.pk for p in self.profiles}
        groups = self.manifest.groups_depending_on(keys, self.hosts)
        for story in changed:
            sites = set()
            for value in (old_sigs.get(story), new_sigs.get(story)):
                sites |= signatures.placed_sites(value[1]) if value else set()
            groups |= {f"article:{site}:{story}" for site in sites & in_scope}
        for key in keys:
            kind, _, pk = key.partition(":")
            if kind == "site" and int(pk) in in_scope:
                groups.add(f"site:{pk}")
            elif kind == "section":
                for site_id, sections in self.planner.sections.items():
                    if site_id in in_scope and any(s.pk == int(pk) for s in sections):
                        groups.add(f"section:{site_id}:{pk}")
        for site_id, now in selections.items():
            moved = now ^ self.manifest.selection(site_id)
            groups |= {f"article:{site_id}:{story}" for story in moved}
        if self.options.site is None and any(not k.startswith("time:") for k in keys):
            groups.add("network")
        old_files = self.manifest.files_of_groups(groups)
        old_paths = {row[0] for rows in old_files.values() for row in rows}
        old_deps = self.manifest.deps_of(old_paths)
        self.old_hashes = self.manifest.hashes(old_paths)
        targets, planned = [], set()
        for group in sorted(groups):
            for target in self.planner.plan(group):
                planned.add(target.path)
                deps = set(target.deps) | old_deps.get(target.path, set())
                if target.path not in old_paths or deps & keys:
                    targets.append(target)
        stale = sorted(old_paths - planned)
        return targets, stale

    # -- rendering and writing ------------------------------------------------------------------

    def _render(self, targets: list[Target]) -> None:
        chunks = _chunks(targets)
        _worker.update(
            renderer=self.renderer,
            out=self.out,
            old=self.old_hashes,
            box_deps=self.planner.box_deps,
        )
        jobs = _job_count(self.options.jobs, len(targets))
        progress = self.options.progress or _no_progress
        rows = []
        if jobs > 1 and len(chunks) > 1:
            connections.close_all()
            context = multiprocessing.get_context("fork")
            with context.Pool(jobs) as pool, progress(len(targets)) as advance:
                for results in pool.imap_unordered(_render_chunk, chunks):
                    rows += self._collect(results, advance)
        else:
            with progress(len(targets)) as advance:
                for chunk in chunks:
                    rows += self._collect(_render_chunk(chunk), advance)
        self.manifest.record(rows)

    def _collect(self, results, advance) -> list[tuple]:
        rows = []
        for target, outcome, changed, problem in results:
            self.report.rendered += 1
            if outcome is None:
                if target.story is None:
                    self.report.problems.append(f"{target.host}{target.url}: {problem}")
                continue
            digest, deps = outcome
            if changed:
                self.report.written += 1
                self.report.written_by_kind[kind_of(target.group, target.url)] += 1
            else:
                self.report.unchanged += 1
            rows.append(
                (target.path, target.host, target.url, target.group, digest, target.story, deps)
            )
        for _ in results:
            advance()
        return rows

    def _remove(self, stale: list[str]) -> None:
        if not stale:
            return
        rows = self.manifest.rows(stale)
        for path, host, url, group in rows:
            if writer.remove(self.out / path, self.out):
                self.report.removed += 1
                self.report.written_by_kind["removed"] += 1
            if group.startswith("article:"):
                rendered = self.renderer.plain(host, url)
                if rendered.status == 410:
                    self.manifest.add_gone(host, url)
                    self.report.gone += 1
                elif rendered.status in (301, 302) and rendered.location:
                    self.manifest.add_moved(host, url, rendered.location)
        self.manifest.forget(stale)

    def _copy_static(self) -> None:
        files = []
        for finder in finders.get_finders():
            for relative, storage in finder.list([]):
                if relative.replace(os.sep, "/").startswith(STATIC_PREFIXES):
                    files.append((relative.replace(os.sep, "/"), storage))
        rows = []
        for host in sorted(self.hosts):
            old = self.manifest.hashes(f"{host}/static/{name}" for name, _ in files)
            for name, storage in files:
                with storage.open(name) as handle:
                    content = handle.read()
                path = f"{host}/static/{name}"
                digest = writer.digest(content)
                if old.get(path) != digest:
                    writer.write_atomic(self.out / path, content)
                    self.report.written += 1
                    self.report.written_by_kind["static"] += 1
                rows.append((path, host, f"/static/{name}", "static", digest, None, []))
        self.manifest.record(rows)

    def _write_nginx_maps(self) -> None:
        """``nginx/gone.map`` (``host/path 1;``) and ``nginx/moved.map`` (``host/path URL;``)
        for the ``map`` blocks of the nginx configuration in docs/deploy.md."""
        folder = self.out / NGINX_FOLDER
        gone = "".join(f"{_map_key(h, u)} 1;\n" for h, u in self.manifest.gone())
        moved = "".join(f"{_map_key(h, u)} {t};\n" for h, u, t in self.manifest.moved())
        for name, text in (("gone.map", gone), ("moved.map", moved)):
            path = folder / name
            if not path.exists() or path.read_text() != text:
                writer.write_atomic(path, text.encode())


@contextmanager
def _no_progress(total):
    yield lambda: None


@contextmanager
def quiet_request_log():
    """Keep Django's "Not Found: ..." warnings (the export asks for its 404 page) quiet."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _map_key(host: str, url: str) -> str:
    return f'"{host}{url}"'


def export(options: Options) -> Report:
    with rights.rendering_for("export"):  # stories whose licence excludes the export stay out
        return Run(options).execute()
