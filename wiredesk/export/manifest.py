"""The export's memory between runs, in ``DIR/.wiredesk-export/manifest.sqlite3``.

It records every file written (its URL, group, content hash and dependency keys), a signature
of every story as the last run saw it (per run scope: the whole network or one site), each
site's shared headline selection, and the URLs that are gone (410) or moved (301), from which
the nginx map files are generated. It lives outside every host folder, so nginx never serves it.
"""

import sqlite3
from pathlib import Path

FOLDER = ".wiredesk-export"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, host TEXT, url TEXT, grp TEXT, hash TEXT, story INTEGER);
CREATE INDEX IF NOT EXISTS files_grp ON files (grp);
CREATE TABLE IF NOT EXISTS deps (path TEXT, key TEXT);
CREATE INDEX IF NOT EXISTS deps_key ON deps (key);
CREATE INDEX IF NOT EXISTS deps_path ON deps (path);
CREATE TABLE IF NOT EXISTS sigs (scope TEXT, story INTEGER, sig TEXT, places TEXT,
    PRIMARY KEY (scope, story));
CREATE TABLE IF NOT EXISTS selections (site INTEGER PRIMARY KEY, ids TEXT);
CREATE TABLE IF NOT EXISTS gone (host TEXT, url TEXT, PRIMARY KEY (host, url));
CREATE TABLE IF NOT EXISTS moved (host TEXT, url TEXT, target TEXT, PRIMARY KEY (host, url));
"""


class Manifest:
    def __init__(self, out: Path):
        self.folder = out / FOLDER
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.folder / "manifest.sqlite3", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self):
        self.db.close()

    # -- meta ------------------------------------------------------------------------------

    def get(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def put(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- files -------------------------------------------------------------------------------

    def _where_in(self, query: str, values, first: tuple = ()):
        """Rows of ``query`` (whose ``{marks}`` is the placeholder list of an ``IN``) for
        every value, asked in chunks of 500 (SQLite caps the parameters of a statement);
        ``first``: parameters that come before the list."""
        values = list(values)
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(query.format(marks=marks), (*first, *chunk))

    def hashes(self, paths) -> dict[str, str]:
        return dict(self._where_in("SELECT path, hash FROM files WHERE path IN ({marks})", paths))

    def all_hashes(self, hosts=None) -> dict[str, str]:
        rows = self.db.execute("SELECT path, hash, host FROM files").fetchall()
        return {p: h for p, h, host in rows if hosts is None or host in hosts}

    def rows(self, paths) -> list[tuple]:
        query = "SELECT path, host, url, grp FROM files WHERE path IN ({marks})"
        return list(self._where_in(query, paths))

    def files_of_groups(self, groups) -> dict[str, list]:
        """``{group: [(path, host, url, story)]}``."""
        found: dict[str, list] = {}
        query = "SELECT grp, path, host, url, story FROM files WHERE grp IN ({marks})"
        for grp, *row in self._where_in(query, groups):
            found.setdefault(grp, []).append(tuple(row))
        return found

    def groups_depending_on(self, keys, hosts) -> set[str]:
        query = (
            "SELECT DISTINCT files.grp, files.host FROM deps JOIN files USING (path) "
            "WHERE deps.key IN ({marks})"
        )
        return {grp for grp, host in self._where_in(query, keys) if host in hosts}

    def deps_of(self, paths) -> dict[str, set]:
        found: dict[str, set] = {}
        query = "SELECT path, key FROM deps WHERE path IN ({marks})"
        for path, key in self._where_in(query, paths):
            found.setdefault(path, set()).add(key)
        return found

    def record(self, rows) -> None:
        """``rows``: ``(path, host, url, group, hash, story, deps)`` of files now written."""
        rows = list(rows)
        self.db.executemany(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", [r[:6] for r in rows]
        )
        paths = [(r[0],) for r in rows]
        self.db.executemany("DELETE FROM deps WHERE path = ?", paths)
        self.db.executemany(
            "INSERT INTO deps VALUES (?, ?)", [(r[0], key) for r in rows for key in r[6]]
        )
        self.db.executemany("DELETE FROM gone WHERE host = ? AND url = ?", [r[1:3] for r in rows])
        self.db.executemany("DELETE FROM moved WHERE host = ? AND url = ?", [r[1:3] for r in rows])

    def forget(self, paths) -> None:
        paths = [(p,) for p in paths]
        self.db.executemany("DELETE FROM files WHERE path = ?", paths)
        self.db.executemany("DELETE FROM deps WHERE path = ?", paths)

    # -- stories, selections, gone and moved URLs -------------------------------------------

    def signatures(self, scope: str) -> dict[int, tuple[str, str]]:
        rows = self.db.execute("SELECT story, sig, places FROM sigs WHERE scope = ?", (scope,))
        return {story: (sig, places) for story, sig, places in rows}

    def signatures_of(self, scope: str, stories) -> dict[int, tuple[str, str]]:
        """The signatures of ``stories`` (those the manifest has)."""
        query = "SELECT story, sig, places FROM sigs WHERE scope = ? AND story IN ({marks})"
        rows = self._where_in(query, stories, first=(scope,))
        return {story: (sig, places) for story, sig, places in rows}

    def save_signatures(self, scope: str, changed: dict, removed) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO sigs VALUES (?, ?, ?, ?)",
            [(scope, story, sig, places) for story, (sig, places) in changed.items()],
        )
        self.db.executemany(
            "DELETE FROM sigs WHERE scope = ? AND story = ?", [(scope, s) for s in removed]
        )

    def clear_signatures(self, scope: str) -> None:
        self.db.execute("DELETE FROM sigs WHERE scope = ?", (scope,))

    def selection(self, site_id: int) -> set[int]:
        row = self.db.execute("SELECT ids FROM selections WHERE site = ?", (site_id,)).fetchone()
        return {int(x) for x in row[0].split()} if row and row[0] else set()

    def save_selection(self, site_id: int, ids) -> None:
        text = " ".join(str(i) for i in sorted(ids))
        self.db.execute("INSERT OR REPLACE INTO selections VALUES (?, ?)", (site_id, text))

    def add_gone(self, host: str, url: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO gone VALUES (?, ?)", (host, url))

    def add_moved(self, host: str, url: str, target: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO moved VALUES (?, ?, ?)", (host, url, target))

    def gone(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT host, url FROM gone ORDER BY host, url").fetchall()

    def moved(self) -> list[tuple[str, str, str]]:
        return self.db.execute("SELECT host, url, target FROM moved ORDER BY host, url").fetchall()
