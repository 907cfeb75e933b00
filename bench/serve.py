"""Serving benchmark: a cached article page from ``wiredesk serve`` against a hello-world view.

Run from the repository root (needs ``wrk``: ``apt-get install wrk``)::

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

It prints requests per second (medians over the rounds) and the ratios; the goal is a cached
article at >= 0.9 of hello-world.
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

from machine import describe  # noqa: E402  (bench/machine.py)

ROOT = Path(__file__).resolve().parent.parent
PORT = 8865
CACHE_MIDDLEWARE = "wiredesk.publish.caching.PageCacheMiddleware"

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


def wrk(url: str, host: str, args) -> float:
    """Requests per second for ``url`` (every answer must be a 2xx)."""
    command = ["wrk", f"-t{args.threads_wrk}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["-H", f"Host: {host}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw error responses for {url}:\n{output}")
    if "Socket errors" in output:  # timeouts under overload: counted, not fatal
        print(f"  note: {output.split('Socket errors:')[1].splitlines()[0].strip()} ({url})")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads-wrk", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (serve's)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (serve's)")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("bench/serve.py: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    # `wiredesk serve` refuses a port with connections still in TIME_WAIT: take the next one
    args.port = next((p for p in range(args.port, args.port + 10) if free(p)), None)
    if args.port is None:
        print("bench/serve.py: no free port near --port: choose another", file=sys.stderr)
        return 2

    host = f"spacewar.localhost:{args.port}"
    base = f"http://127.0.0.1:{args.port}"
    runs = {"hello": [], "cached_article": [], "uncached_article": [], "hello_uncached": []}
    with tempfile.TemporaryDirectory(prefix="wiredesk-bench-serve-") as tmp:
        workdir = Path(tmp)
        set_up(workdir)
        server = Server(workdir, args.port, args.workers, args.threads, page_cache=True)
        try:
            path = article_path(args.port, host)
            status, headers, _ = fetch(base + path, host)
            status, headers, _ = fetch(base + path, host)
            if status != 200 or "public" not in headers.get("Cache-Control", ""):
                raise SystemExit(f"{path} answered {status} {headers}: not a cached page")
            for _ in range(args.rounds):
                runs["hello"].append(wrk(base + "/hello/", host, args))
                runs["cached_article"].append(wrk(base + path, host, args))
        finally:
            server.stop()
        # a new port: the first server's connections may still be in TIME_WAIT on its own
        port = next(p for p in range(args.port + 1, args.port + 20) if free(p))
        base, host = f"http://127.0.0.1:{port}", f"spacewar.localhost:{port}"
        server = Server(workdir, port, args.workers, args.threads, page_cache=False)
        try:
            for _ in range(args.rounds):
                runs["hello_uncached"].append(wrk(base + "/hello/", host, args))
                runs["uncached_article"].append(wrk(base + path, host, args))
        finally:
            server.stop()

    median = {name: statistics.median(values) for name, values in runs.items()}
    result = {
        "machine": describe(("django", "gunicorn")),
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
        "ratio_cached_to_hello": median["cached_article"] / median["hello"],
        "ratio_uncached_to_hello": median["uncached_article"] / median["hello_uncached"],
        # each round measures both back to back, so its ratio sees the same machine load
        "round_ratios_cached": [
            article / hello
            for article, hello in zip(runs["cached_article"], runs["hello"], strict=True)
        ],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    info = result["machine"]
    print(f"{info['date']}; {info['nproc']} CPUs ({info['cpu']}); Python {info['python']}")
    wrk_args = result["settings"]["wrk"]
    print(f"wiredesk serve: {args.workers} workers x {args.threads} threads; wrk {wrk_args}")
    print(f"article: {path}")
    for name in ("hello", "cached_article", "hello_uncached", "uncached_article"):
        figures = ", ".join(f"{value:.0f}" for value in runs[name])
        print(f"  {name:<17} {median[name]:>8.0f} req/s (median of {figures})")
    print(f"cached article / hello-world:   {result['ratio_cached_to_hello']:.2f} (goal >= 0.9)")
    rounds = ", ".join(f"{ratio:.2f}" for ratio in result["round_ratios_cached"])
    median_ratio = statistics.median(result["round_ratios_cached"])
    print(f"  per round: {rounds}; median {median_ratio:.2f}")
    print(f"uncached article / hello-world: {result['ratio_uncached_to_hello']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
