"""Serving benchmark: a cached article from ``wiredesk serve`` against a hello-world view, and
the exported article behind nginx (SSI boxes) against the same page as a plain file.

Run from the repository root (needs ``wrk``, and ``nginx`` for its half: ``apt-get install wrk
nginx``)::

    python bench/serve.py                      # 3 rounds of 10 s each, medians
    python bench/serve.py --rounds 5 --duration 15 --connections 16
    python bench/serve.py --json

What it does, in a fresh temporary ``WIREDESK_DATA_DIR``:

1. ``wiredesk demo --no-serve``: a new SQLite database with the demo network and its sample
   wire published (the settings are wiredesk's own, plus a ``/hello/`` URL, below).
2. ``wiredesk serve --no-worker --no-scheduler`` (gunicorn, the same workers and threads for
   every measurement) and wrk on loopback, alternating in each round between
   - **hello**: ``/hello/``, a Django view returning ``Hello, world!`` through the same
     middleware (the page cache does not look it up: it is in ``WIREDESK_PAGE_CACHE_EXCLUDE``);
   - **cached article**: a SpaceWar article page, warmed once, then served by the page cache.
3. The same server with the page cache switched off (``WIREDESK_PAGE_CACHE=0``): the article
   rendered on every request (**uncached article**), and hello again.

It prints requests per second (medians over the rounds), the server's CPU time per request
(its process group; less sensitive to other load on the machine) and the ratios; the goal is
a cached article at >= 0.9 of hello-world.

4. The static export behind nginx (``wiredesk export``, then Debian's ``nginx`` running the
   configuration of docs/deploy.md through ``wiredesk.export.nginxconf``), wrk on loopback
   (``-t1``, one nginx worker), alternating in each round between
   - **plain**: the SpaceWar article page with its boxes already in it (the SSI page expanded,
     the same bytes) at the same URL, from a copy of the export, in a twin nginx whose only
     difference is ``ssi off`` in the article location (same server, location and settings);
   - **ssi**: the exported page, nginx assembling it with its box fragment on every request;
   - **ssi+store**: the same behind the optional page store of docs/deploy.md (each article
     assembled once after an export and kept as a plain file until the loop empties the
     store: a cache), in its own nginx.
   The three bodies are checked to be identical first; the figures are requests per second
   (medians), the ratios to plain (of the medians, and each round's), and the nginx worker's
   CPU time per request, all and user-space only (less sensitive to other load on the
   machine). Last, the fragment is replaced as an export replaces it, and the seconds until
   each set-up serves the new boxes are printed (for the store, after the documented loop's
   reload, 2 s pause and emptying of the store). Goal: ssi >= 0.8 x plain.

   ``--anatomy`` adds two pages with the same bytes to the SSI server's article location, to
   show where an SSI page's cost goes: **ssi, scan only** (the expanded page: scanned, nothing
   to include) and **ssi, 2 includes** (a small shell including the page's part before the
   boxes from an unscanned file, then the boxes; only the part after them is scanned) and
   **ssi, bare shell** (two includes and nothing else: the page's part before the boxes, then
   the boxes with the rest of the page; the least scanning and the fewest subrequests an SSI
   page with its own part and shared boxes can have).

``--part django`` or ``--part nginx`` runs one half.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from machine import command_version, describe  # noqa: E402  (bench/machine.py)

ROOT = Path(__file__).resolve().parent.parent
PORT = 8865
CACHE_MIDDLEWARE = "wiredesk.publish.caching.PageCacheMiddleware"
ANATOMY = ("ssi, scan only", "ssi, 2 includes", "ssi, bare shell")

SETTINGS_MODULE = f'''"""wiredesk's settings plus a hello-world URL, for bench/serve.py."""
import os

from wiredesk.settings import *  # noqa: F403

ROOT_URLCONF = "wiredesk_bench_urls"
MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405
if "{CACHE_MIDDLEWARE}" not in MIDDLEWARE:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "{CACHE_MIDDLEWARE}"
    )
WIREDESK_PAGE_CACHE = os.environ.get("WIREDESK_PAGE_CACHE", "1") != "0"
WIREDESK_PAGE_CACHE_EXCLUDE = ("/hello/",)
'''

URLS_MODULE = '''"""wiredesk's URLs plus /hello/, for bench/serve.py."""
from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("Hello, world!", content_type="text/plain")


urlpatterns = [path("hello/", hello), path("", include("wiredesk.urls"))]
handler404 = "wiredesk.publish.views.not_found"
'''


def environment(workdir: Path, page_cache: bool) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "WIREDESK_DATA_DIR")
    }
    env["PYTHONPATH"] = os.pathsep.join([str(workdir), str(ROOT), env.get("PYTHONPATH", "")])
    env["DJANGO_SETTINGS_MODULE"] = "wiredesk_bench_settings"
    env["WIREDESK_DATA_DIR"] = str(workdir / "data")
    env["WIREDESK_PAGE_CACHE"] = "1" if page_cache else "0"
    env["WIREDESK_LOG_LEVEL"] = "ERROR"
    return env


def fetch(url: str, host: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": host})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except OSError:
        return 0, {}, b""


class Server:
    """``wiredesk serve`` in its own process group."""

    def __init__(self, workdir: Path, port: int, workers: int, threads: int, page_cache: bool):
        self.port = port
        command = [sys.executable, "-m", "wiredesk", "serve", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--workers", str(workers), "--threads", str(threads)]
        command += ["--no-worker", "--no-scheduler"]
        self.log = open(workdir / f"serve-{port}-{int(page_cache)}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            command,
            env=environment(workdir, page_cache),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.close()
                tail = Path(self.log.name).read_text(errors="replace")[-3000:]
                raise SystemExit(f"wiredesk serve exited early:\n{tail}")
            if fetch(f"http://127.0.0.1:{port}/hello/", "127.0.0.1")[0] == 200:
                return
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"wiredesk serve did not answer on port {port}; see {self.log.name}")

    def stop(self):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


def group_cpu_seconds(group: int) -> float:
    """User + system CPU seconds of the processes in process group ``group``."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wrk(url: str, host: str, args, cpu: list | None = None, group: int | None = None) -> float:
    """Requests per second for ``url`` (every answer must be a 2xx); with ``group``, the CPU
    microseconds per request of that process group (the server) go to ``cpu``."""
    before = group_cpu_seconds(group) if group else 0.0
    command = ["wrk", f"-t{args.threads_wrk}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["-H", f"Host: {host}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw error responses for {url}:\n{output}")
    if "Socket errors" in output:  # timeouts under overload: counted, not fatal
        print(f"  note: {output.split('Socket errors:')[1].splitlines()[0].strip()} ({url})")
    if group:
        requests = int(re.search(r"(\d+) requests in", output).group(1))
        cpu.append((group_cpu_seconds(group) - before) / max(requests, 1) * 1e6)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def set_up(workdir: Path) -> None:
    (workdir / "wiredesk_bench_settings.py").write_text(SETTINGS_MODULE)
    (workdir / "wiredesk_bench_urls.py").write_text(URLS_MODULE)
    command = [sys.executable, "-m", "wiredesk", "demo", "--no-serve"]
    command += ["--data-dir", str(workdir / "data")]
    subprocess.run(
        command,
        env=environment(workdir, True),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def article_path(port: int, host: str) -> str:
    status, _, body = fetch(f"http://127.0.0.1:{port}/api/stories/?site=spacewar&limit=1", host)
    if status != 200:
        raise SystemExit(f"the API answered {status}: no article to benchmark")
    url = json.loads(body)["stories"][0]["url"]
    return "/" + url.split("/", 3)[3]


# -- the static export behind nginx: an SSI article page against the same bytes as a plain file


def cpu_seconds(pids: list[int], fields_wanted: tuple = (11, 12)) -> float:
    """User + system (or, with ``fields_wanted=(11,)``, user) CPU seconds of ``pids``."""
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += sum(int(fields[i]) for i in fields_wanted) / os.sysconf("SC_CLK_TCK")
    return total


def wrk_nginx(server, url: str, host: str, args) -> tuple[float, float, float]:
    """Requests per second of ``url`` and the nginx workers' CPU microseconds per request
    (all, and user-space only)."""
    pids = server.worker_pids()
    before, before_user = cpu_seconds(pids), cpu_seconds(pids, (11,))
    command = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.nginx_duration}s"]
    command += ["-H", f"Host: {host}", f"http://127.0.0.1:{server.port}{url}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw error responses for {url}:\n{output}")
    requests = max(int(re.search(r"(\d+) requests in", output).group(1)), 1)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    user = (cpu_seconds(pids, (11,)) - before_user) / requests * 1e6
    return rate, (cpu_seconds(pids) - before) / requests * 1e6, user


def export_demo(workdir: Path) -> Path:
    out = workdir / "export"
    command = [sys.executable, "-m", "wiredesk", "export", "--out", str(out)]
    command += ["--scheme", "http", "--no-progress"]
    subprocess.run(command, env=environment(workdir, True), check=True, stdout=subprocess.DEVNULL)
    return out


def replace_atomically(path: Path, content: bytes) -> None:
    """As the export writes a file: beside it, then renamed over it."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    temporary.replace(path)


def seconds_until(server, host: str, url: str, marker: bytes, limit: float = 60) -> float:
    started = time.monotonic()
    while marker not in server.get(host, url)[2]:
        if time.monotonic() - started > limit:
            return float("inf")
        time.sleep(0.1)
    return time.monotonic() - started


def bench_nginx(workdir: Path, article: str | None, args) -> dict:
    sys.path.insert(0, str(ROOT))
    from wiredesk.export import linkcheck, nginxconf, paths, ssi

    out = export_demo(workdir)
    host = "www.spacewar.com"
    site = out / host

    def includes(relative: str) -> bool:
        return bool(ssi.includes((site / relative).read_bytes()))

    relative = paths.file_for(article) if article else None
    if not relative or not (site / relative).is_file() or not includes(relative):
        relative = next(
            p.relative_to(site).as_posix()
            for p in sorted(site.glob("reports/*.html"))
            if includes(p.relative_to(site).as_posix())
        )
    page = (site / relative).read_bytes()
    (fragment_url,) = ssi.includes(page)
    fragment = site / paths.file_for(fragment_url)
    url = "/" + relative
    expanded = linkcheck.read_expanded(out, host, relative)
    # the plain file: the same URL in a copy of the export, served by a twin nginx that differs
    # only by `ssi off` in the article location
    plain_out = workdir / "export-plain"
    shutil.copytree(out, plain_out, symlinks=True)
    (plain_out / host / relative).write_bytes(expanded)
    if args.anatomy:  # the same bytes, two other ways through the SSI server's article location
        stem = Path(relative).stem
        scan_only = Path(relative).with_name(f"bench-scan-only_{stem.rsplit('_', 1)[1]}.html")
        shell = Path(relative).with_name(f"bench-shell_{stem.rsplit('_', 1)[1]}.html")
        directive = ssi.include(fragment_url).encode()
        before, after = page.split(directive)
        part_url = f"/_fragments/bench/{Path(relative).name}"
        (site / paths.file_for(part_url)).parent.mkdir(parents=True, exist_ok=True)
        (site / paths.file_for(part_url)).write_bytes(before)
        (site / scan_only).write_bytes(expanded)
        (site / shell).write_bytes(ssi.include(part_url).encode() + directive + after)
        # the least an SSI page can scan: a shell of the two includes alone (the part after
        # the boxes rides in a bench-only copy of the boxes fragment)
        tail_url = f"/_fragments/bench/tail-{Path(relative).name}"
        (site / paths.file_for(tail_url)).write_bytes(fragment.read_bytes() + after)
        bare = Path(relative).with_name(f"bench-bare_{stem.rsplit('_', 1)[1]}.html")
        (site / bare).write_bytes(ssi.include(part_url).encode() + ssi.include(tail_url).encode())
    app = "127.0.0.1:9"  # nothing proxied is requested here
    direct = nginxconf.Nginx(out, app, workdir / "nginx", workers=args.nginx_workers)
    twin = nginxconf.Nginx(
        plain_out, app, workdir / "nginx-plain", workers=args.nginx_workers, ssi=False
    )
    cached = nginxconf.Nginx(
        out, app, workdir / "nginx-store", workers=args.nginx_workers, microcache=True
    )
    targets = {"plain": (twin, url), "ssi": (direct, url), "ssi+store": (cached, url)}
    if args.anatomy:
        targets[ANATOMY[0]] = (direct, "/" + scan_only.as_posix())
        targets[ANATOMY[1]] = (direct, "/" + shell.as_posix())
        targets[ANATOMY[2]] = (direct, "/" + bare.as_posix())
    rates = {name: [] for name in targets}
    cpu = {name: [] for name in targets}
    user_cpu = {name: [] for name in targets}
    with direct, twin, cached:
        answers = {name: server.get(host, path) for name, (server, path) in targets.items()}
        answers["ssi+store"] = cached.get(host, url)  # a hit now
        bodies = {answer[2] for answer in answers.values()}
        if {answer[0] for answer in answers.values()} != {200} or len(bodies) != 1:
            raise SystemExit(f"nginx: the answers for {url} differ")
        headers = {name: answer[1] for name, answer in answers.items()}
        order = list(targets)
        for round_number in range(args.nginx_rounds):
            for name in order if round_number % 2 == 0 else order[::-1]:
                server, path = targets[name]
                rate, micros, user = wrk_nginx(server, path, host, args)
                rates[name].append(rate)
                cpu[name].append(micros)
                user_cpu[name].append(user)
        # a re-export replaces the fragment, then the documented loop reloads nginx, waits 2 s
        # and empties the page store: how long until readers get the new boxes
        marker = f"<!-- boxes re-exported {time.time()} -->".encode()
        direct.get(host, url)  # nginx holds the fragment open (open_file_cache) from now
        replace_atomically(fragment, fragment.read_bytes() + marker)
        fresh = {"ssi": seconds_until(direct, host, url, marker)}
        started = time.monotonic()  # the export is done: the loop's next steps
        cached.reload()  # sleeps 1 s
        time.sleep(max(0.0, 2 - (time.monotonic() - started)))
        cached.empty_store()
        seconds_until(cached, host, url, marker)
        fresh["ssi+store"] = time.monotonic() - started
    median = {name: statistics.median(values) for name, values in rates.items()}
    return {
        "article": url,
        "fragment": fragment_url,
        "body_bytes": len(bodies.pop()),
        "headers": headers,
        "settings": {
            "nginx": command_version([nginxconf.nginx_binary(), "-v"]),
            "workers": args.nginx_workers,
            "wrk": f"-t1 -c{args.connections} -d{args.nginx_duration}s",
            "rounds": args.nginx_rounds,
        },
        "runs": rates,
        "median": median,
        "cpu_us_per_request": {name: statistics.median(values) for name, values in cpu.items()},
        "user_cpu_us_per_request": {
            name: statistics.median(values) for name, values in user_cpu.items()
        },
        "ratio_ssi_to_plain": median["ssi"] / median["plain"],
        "ratio_store_to_plain": median["ssi+store"] / median["plain"],
        "round_ratios_ssi": [a / b for a, b in zip(rates["ssi"], rates["plain"], strict=True)],
        "round_ratios_store": [
            a / b for a, b in zip(rates["ssi+store"], rates["plain"], strict=True)
        ],
        "round_ratios": {
            name: [a / b for a, b in zip(rates[name], rates["plain"], strict=True)]
            for name in rates
        },
        "seconds_until_new_boxes": fresh,
    }


def print_nginx(result: dict) -> None:
    settings = result["settings"]
    print(
        f"{settings['nginx']}, {settings['workers']} worker(s); wrk {settings['wrk']}; "
        f"{settings['rounds']} rounds"
    )
    print(
        f"article: {result['article']} ({result['body_bytes']:,} bytes), boxes from "
        f"{result['fragment']}"
    )
    cpu, user = result["cpu_us_per_request"], result["user_cpu_us_per_request"]
    for name in result["runs"]:
        figures = ", ".join(f"{value:.0f}" for value in result["runs"][name])
        print(
            f"  {name:<15} {result['median'][name]:>8.0f} req/s, nginx CPU {cpu[name]:5.1f} "
            f"us/request ({user[name]:4.1f} user) (median of {figures})"
        )
    for label in result["runs"]:
        if label == "plain":
            continue
        ratios = result["round_ratios"][label]
        per_round = ", ".join(f"{ratio:.2f}" for ratio in ratios)
        goal = " (goal >= 0.8)" if label in ("ssi", "ssi+store") else ""
        print(
            f"{label} / plain: {result['median'][label] / result['median']['plain']:.2f}"
            f"{goal}; per round {per_round}, median {statistics.median(ratios):.2f}; "
            f"CPU per request {cpu['plain'] / cpu[label]:.2f}"
        )
    only_one = set(result["headers"]["plain"]) ^ set(result["headers"]["ssi"])
    differ = sorted(only_one - {"Date"})
    print(f"headers only one of plain and ssi sends: {', '.join(differ) or 'none'}")
    fresh = result["seconds_until_new_boxes"]
    print(
        f"new boxes served {fresh['ssi']:.1f} s after the fragment was replaced "
        f"(ssi); {fresh['ssi+store']:.1f} s after the export through the page store's loop"
    )


def bench_django(workdir: Path, args) -> dict:
    host = f"spacewar.localhost:{args.port}"
    base = f"http://127.0.0.1:{args.port}"
    runs = {"hello": [], "cached_article": [], "uncached_article": [], "hello_uncached": []}
    cpu = {name: [] for name in runs}
    server = Server(workdir, args.port, args.workers, args.threads, page_cache=True)
    try:
        path = article_path(args.port, host)
        status, headers, _ = fetch(base + path, host)
        status, headers, _ = fetch(base + path, host)
        if status != 200 or "public" not in headers.get("Cache-Control", ""):
            raise SystemExit(f"{path} answered {status} {headers}: not a cached page")
        for _ in range(args.rounds):
            runs["hello"].append(
                wrk(base + "/hello/", host, args, cpu["hello"], server.process.pid)
            )
            runs["cached_article"].append(
                wrk(base + path, host, args, cpu["cached_article"], server.process.pid)
            )
    finally:
        server.stop()
    # a new port: the first server's connections may still be in TIME_WAIT on its own
    port = next(p for p in range(args.port + 1, args.port + 20) if free(p))
    base, host = f"http://127.0.0.1:{port}", f"spacewar.localhost:{port}"
    server = Server(workdir, port, args.workers, args.threads, page_cache=False)
    try:
        for _ in range(args.rounds):
            runs["hello_uncached"].append(
                wrk(base + "/hello/", host, args, cpu["hello_uncached"], server.process.pid)
            )
            runs["uncached_article"].append(
                wrk(base + path, host, args, cpu["uncached_article"], server.process.pid)
            )
    finally:
        server.stop()

    median = {name: statistics.median(values) for name, values in runs.items()}
    return {
        "settings": {
            "workers": args.workers,
            "threads": args.threads,
            "wrk": f"-t{args.threads_wrk} -c{args.connections} -d{args.duration}s",
            "rounds": args.rounds,
            "cache": os.environ.get("CACHE_URL") or "file cache in the data dir (default)",
        },
        "article": path,
        "runs": runs,
        "median": median,
        "cpu_us_per_request": {name: statistics.median(values) for name, values in cpu.items()},
        "ratio_cached_to_hello": median["cached_article"] / median["hello"],
        "ratio_uncached_to_hello": median["uncached_article"] / median["hello_uncached"],
        # each round measures both back to back, so its ratio sees the same machine load
        "round_ratios_cached": [
            article / hello
            for article, hello in zip(runs["cached_article"], runs["hello"], strict=True)
        ],
    }


def print_django(result: dict, args) -> None:
    runs, median = result["runs"], result["median"]
    wrk_args = result["settings"]["wrk"]
    print(f"wiredesk serve: {args.workers} workers x {args.threads} threads; wrk {wrk_args}")
    print(f"article: {result['article']}")
    cpu = result["cpu_us_per_request"]
    for name in ("hello", "cached_article", "hello_uncached", "uncached_article"):
        figures = ", ".join(f"{value:.0f}" for value in runs[name])
        print(
            f"  {name:<17} {median[name]:>8.0f} req/s, server CPU {cpu[name]:7.0f} us/request "
            f"(median of {figures})"
        )
    print(f"cached article / hello-world:   {result['ratio_cached_to_hello']:.2f} (goal >= 0.9)")
    rounds = ", ".join(f"{ratio:.2f}" for ratio in result["round_ratios_cached"])
    median_ratio = statistics.median(result["round_ratios_cached"])
    print(
        f"  per round: {rounds}; median {median_ratio:.2f}; CPU per request "
        f"{cpu['hello'] / cpu['cached_article']:.2f}"
    )
    print(f"uncached article / hello-world: {result['ratio_uncached_to_hello']:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--part",
        choices=("all", "django", "nginx"),
        default="all",
        help="both halves (default), wiredesk serve's only, or nginx's only",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads-wrk", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (serve's)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (serve's)")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--nginx-rounds", type=int, default=6, help="rounds of the nginx half")
    parser.add_argument(
        "--nginx-duration", type=int, default=5, help="seconds per wrk run (nginx half)"
    )
    parser.add_argument("--nginx-workers", type=int, default=1, help="nginx worker processes")
    parser.add_argument(
        "--anatomy",
        action="store_true",
        help="also serve the article as an SSI page with nothing to include (scan only), as "
        "a small shell of two includes and as a bare shell (see the module's docstring)",
    )
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    args = parser.parse_args()
    needed = ["wrk"] + (["nginx"] if args.part in ("all", "nginx") else [])
    for tool in needed:
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").is_file():
            print(
                f"bench/serve.py: {tool} is not installed (apt-get install {tool})", file=sys.stderr
            )
            return 2
    # `wiredesk serve` refuses a port with connections still in TIME_WAIT: take the next one
    args.port = next((p for p in range(args.port, args.port + 10) if free(p)), None)
    if args.port is None:
        print("bench/serve.py: no free port near --port: choose another", file=sys.stderr)
        return 2

    result = {"machine": describe(("django", "gunicorn"), commands={"wrk": ["wrk", "-v"]})}
    with tempfile.TemporaryDirectory(prefix="wiredesk-bench-serve-") as tmp:
        workdir = Path(tmp)
        set_up(workdir)
        article = None
        if args.part in ("all", "django"):
            result["django"] = bench_django(workdir, args)
            article = result["django"]["article"]
        if args.part in ("all", "nginx"):
            result["nginx"] = bench_nginx(workdir, article, args)

    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    info = result["machine"]
    print(
        f"{info['date']}; {info['cores']} CPUs ({info['cpu']}); load {info['load']}; "
        f"Python {info['python']}; {info['wrk']}"
    )
    if "django" in result:
        print_django(result["django"], args)
    if "nginx" in result:
        print_nginx(result["nginx"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
