"""Read and check a network file (TOML) into frozen dataclasses. Pure Python: no Django.

``load_network_file(path)`` returns a :class:`NetworkSpec` or raises :class:`NetworkFileError`,
whose text is one line naming the file, the line and the field::

    network.toml:42: sites[2].boxes[0].site: unknown site 'energydaly' (known: spacewar, ...)

Every problem in the file is collected (``NetworkFileError.problems``, in file order); the
error's own text is the first one. Writing the result to the database is ``apply.py``'s job.
See docs/network-file.md for the format.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import string
import tomllib
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

DEFAULT_PERMALINK = "/reports/{slug}_{id}.html"
DEFAULT_AD_LABEL = "ADVERTISEMENT"
DEFAULT_BOX_COUNT = 3
DEFAULT_PAGE_TYPE = "article"
DEFAULT_INTERVAL = 300
MIN_INTERVAL = 10
MAX_BOX_COUNT = 20
PERMALINK_PLACEHOLDERS = ("slug", "id")
PAGE_TYPES = ("front", "section", "article")  # where publish shows a site's boxes
# Classifier confidence: at or above auto_publish -> published; from review up -> the desk
# queue; below review -> not placed (see docs/routing.md).
DEFAULT_AUTO_PUBLISH = 0.9
DEFAULT_REVIEW = 0.5

SITE_KEY_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
DOMAIN_RE = re.compile(
    r"^(?=.{1,100}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::[0-9]{1,5})?$"
)
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
FORMAT_RE = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")
PERMALINK_RE = re.compile(r"^/(?:[A-Za-z0-9._~-]+/)?\{slug\}_\{id\}\.html$")
HEX_COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
# a subject code as wire formats carry it: scheme:code, e.g. an IPTC media topic medtop:16000000
SUBJECT_RE = re.compile(r"^[a-z][a-z0-9-]*:[A-Za-z0-9._-]+$")
MEDTOP_RE = re.compile(r"^medtop:[0-9]{8}$")
# a site's RSS feed is /KEY.xml: these keys would shadow other outputs of every site
RESERVED_SITE_KEYS = frozenset({"atom", "sitemap", "news-sitemap", "feed", "robots"})
URL_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")

# The fields each table may have, by its path in the file.
AGENCY_OUTPUTS = ("web", "feeds", "api", "export")
"""Where an agency's stories may appear: site pages (with sitemaps and search), feeds, the
JSON API and widget, the static export."""

FIELDS: dict[str, tuple[str, ...]] = {
    "": ("network", "agencies", "sites", "sources", "rules"),
    "network": ("name", "default_site", "thresholds"),
    "network.thresholds": ("auto_publish", "review"),
    "agencies": (
        "key",
        "name",
        "byline",
        "aliases",
        "preference",
        "licence_days",
        "rights_notice",
        "outputs",
    ),
    "sites": (
        "key",
        "domain",
        "name",
        "tagline",
        "description",
        "keywords",
        "subjects",
        "thresholds",
        "time_zone",
        "language",
        "permalink",
        "theme",
        "sections",
        "boxes",
        "ads",
    ),
    "sites.theme": ("accent",),
    "sites.thresholds": ("auto_publish", "review"),
    "sites.sections": ("key", "name", "description", "keywords", "subjects"),
    "sites.boxes": ("title", "site", "section", "count", "page_type"),
    "sites.ads": ("key", "label", "html"),
    "sources": (
        "name",
        "agency",
        "location",
        "format",
        "interval",
        "enabled",
        "hot_folder",
        "category",
        "homepage",
    ),
    "rules": ("name", "stop", "enabled", "match", "action"),
    "rules.match": ("keywords", "regex", "agency", "source", "subject", "language", "place"),
    "rules.action": ("site", "section", "primary", "hold", "reject", "priority"),
}

# Model field limits (kept here so the loader stays free of Django).
MAX_LEN = {
    "site.key": 50,
    "site.name": 50,  # django.contrib.sites.Site.name
    "site.tagline": 200,
    "site.language": 16,
    "site.permalink": 200,
    "section.key": 50,
    "section.name": 200,
    "box.title": 200,
    "ad.key": 50,
    "ad.label": 100,
    "agency.key": 32,
    "agency.name": 200,
    "agency.byline": 200,
    "source.name": 100,
    "source.location": 1000,
    "source.format": 32,
    "rule.name": 200,
}


# ---------------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True)
class Thresholds:
    """Classifier confidence levels: ``auto_publish`` and above publishes; from ``review`` up
    to it the placement waits on the desk; below ``review`` the story is not placed."""

    auto_publish: float = DEFAULT_AUTO_PUBLISH
    review: float = DEFAULT_REVIEW


@dataclass(frozen=True)
class SectionSpec:
    key: str
    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoxSpec:
    """A headline box on a site, fed by ``site`` (a site key) and optionally one of its sections."""

    title: str
    site: str
    section: str = ""
    count: int = DEFAULT_BOX_COUNT
    page_type: str = DEFAULT_PAGE_TYPE


@dataclass(frozen=True)
class AdZoneSpec:
    key: str
    label: str = DEFAULT_AD_LABEL
    html: str = ""


@dataclass(frozen=True)
class SiteSpec:
    key: str
    domain: str
    name: str
    tagline: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    thresholds: Thresholds = Thresholds()  # the network's, with this site's overrides
    time_zone: str = "UTC"
    language: str = "en"
    permalink: str = DEFAULT_PERMALINK
    theme: dict = field(default_factory=dict, hash=False)
    sections: tuple[SectionSpec, ...] = ()
    boxes: tuple[BoxSpec, ...] = ()
    ads: tuple[AdZoneSpec, ...] = ()


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    byline: str = ""
    aliases: tuple[str, ...] = ()
    preference: int = 0
    licence_days: int = 0
    rights_notice: str = ""
    outputs: tuple[str, ...] = AGENCY_OUTPUTS


@dataclass(frozen=True)
class SourceSpec:
    """``location`` is an http(s) URL or an absolute path (resolved against the file's folder)."""

    name: str
    location: str
    agency: str = ""
    format: str = ""
    interval: int = DEFAULT_INTERVAL
    enabled: bool = True
    hot_folder: bool = False
    category: str = ""
    homepage: str = ""


@dataclass(frozen=True)
class RuleSpec:
    """``match`` holds only the conditions given; ``action`` has its defaults filled in
    (primary, hold, reject, priority) plus site and section when given."""

    name: str
    match: dict = field(default_factory=dict, hash=False)
    action: dict = field(default_factory=dict, hash=False)
    stop: bool = False
    enabled: bool = True


@dataclass(frozen=True)
class NetworkSpec:
    name: str
    default_site: str
    thresholds: Thresholds = Thresholds()
    sites: tuple[SiteSpec, ...] = ()
    agencies: tuple[AgencySpec, ...] = ()
    sources: tuple[SourceSpec, ...] = ()
    rules: tuple[RuleSpec, ...] = ()
    path: str = ""

    def counts(self) -> dict[str, int]:
        """How many of each kind the file declares (keys as in ``apply.KINDS``)."""
        return {
            "sites": len(self.sites),
            "sections": sum(len(s.sections) for s in self.sites),
            "boxes": sum(len(s.boxes) for s in self.sites),
            "ad_zones": sum(len(s.ads) for s in self.sites),
            "agencies": len(self.agencies),
            "sources": len(self.sources),
            "rules": len(self.rules),
        }

    def site(self, key: str) -> SiteSpec:
        return next(s for s in self.sites if s.key == key)


# ---------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a network file. ``line`` is None when the file could not be read."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class NetworkFileError(Exception):
    """A network file that cannot be read or is invalid. ``str()`` is one line: the first
    problem; ``problems`` lists them all in file order."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("NetworkFileError needs at least one problem")
        first = self.problems[0]
        self.file, self.line, self.field, self.message = (
            first.file,
            first.line,
            first.field,
            first.message,
        )
        super().__init__(str(first))


# ---------------------------------------------------------------------------------------------
# Entry points


def load_network_file(path: str | os.PathLike) -> NetworkSpec:
    """Read, parse and check the network file at ``path``."""
    display = os.fspath(path)
    file_path = Path(path)
    try:
        raw = file_path.read_bytes()
    except FileNotFoundError:
        raise _read_error(display, "no such file") from None
    except IsADirectoryError:
        raise _read_error(display, "is a directory, not a network file") from None
    except PermissionError:
        raise _read_error(display, "permission denied") from None
    except OSError as exc:
        raise _read_error(display, (exc.strerror or str(exc)).lower()) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {column}); "
            "save the file as UTF-8"
        )
        raise NetworkFileError([Problem(display, line, "encoding", message)]) from None
    spec = parse_network(text, filename=display, base_dir=file_path.resolve().parent)
    return dataclasses.replace(spec, path=str(file_path.resolve()))


def parse_network(
    text: str, *, filename: str = "<string>", base_dir: str | os.PathLike | None = None
) -> NetworkSpec:
    """Parse and check network-file text. Relative source paths resolve against ``base_dir``
    (default: the current directory)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(filename, text, exc) from None
    base = Path(base_dir if base_dir is not None else os.getcwd()).resolve()
    checker = _Checker(filename, _LineIndex(text), base)
    spec = checker.network(data)
    if checker.problems:
        raise NetworkFileError(sorted(checker.problems, key=lambda p: p.line or 0))
    return spec


def _read_error(display: str, reason: str) -> NetworkFileError:
    return NetworkFileError([Problem(display, None, "", f"cannot read network file: {reason}")])


_TOML_POSITION = re.compile(r"^(?P<msg>.*?) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")


def _syntax_error(filename: str, text: str, exc: tomllib.TOMLDecodeError) -> NetworkFileError:
    message = str(exc)
    match = _TOML_POSITION.match(message)
    if match:
        line = int(match["line"])
        detail = f"{_lower_first(match['msg'])} (column {match['col']})"
    else:
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        detail = _lower_first(message.replace(" (at end of document)", " at end of file"))
    return NetworkFileError([Problem(filename, line, "syntax error", detail)])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# ---------------------------------------------------------------------------------------------
# Where things are: a best-effort map from a field path to its line, from the raw text


class _LineIndex:
    """Maps paths like ``("sites", 2, "boxes", 0, "site")`` to 1-based line numbers.

    Scans the (already valid) TOML line by line: table headers, ``[[array]]`` headers (counting
    occurrences per parent element) and ``key = value`` lines, skipping the insides of
    multi-line strings and arrays. Keys inside inline tables resolve to the enclosing key.
    """

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        self._counts: dict[tuple, int] = {}
        self._scan(text)

    def line_of(self, path: Iterable) -> int:
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def _record(self, path: tuple, line: int) -> None:
        for n in range(1, len(path) + 1):
            self.lines.setdefault(path[:n], line)

    def _scan(self, text: str) -> None:
        table: tuple = ()
        in_string: str | None = None  # the closing delimiter of an open multi-line string
        depth = 0  # open [ and { of a value spanning lines
        for number, line in enumerate(text.split("\n"), start=1):
            line = line.removesuffix("\r")
            pos = 0
            if in_string is None and depth == 0:
                stripped = line.lstrip()
                pos = len(line) - len(stripped)
                if not stripped or stripped.startswith("#"):
                    continue
                try:
                    if stripped.startswith("["):
                        table = self._header(stripped, number)
                        continue
                    parts, after = _parse_key(line, pos)
                except ValueError:
                    continue
                self._record(table + tuple(parts), number)
                pos = after
            in_string, depth = _scan_value(line, pos, in_string, depth)

    def _header(self, stripped: str, number: int) -> tuple:
        is_array = stripped.startswith("[[")
        parts, after = _parse_key(stripped, 2 if is_array else 1)
        closing = "]]" if is_array else "]"
        if not stripped[after:].lstrip().startswith(closing):
            raise ValueError("not a header")
        concrete: list = []
        for i, part in enumerate(parts):
            concrete.append(part)
            so_far = tuple(concrete)
            if is_array and i == len(parts) - 1:
                index = self._counts.get(so_far, 0)
                self._counts[so_far] = index + 1
                concrete.append(index)
            elif so_far in self._counts:
                concrete.append(self._counts[so_far] - 1)
        table = tuple(concrete)
        self._record(table, number)
        return table


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _parse_key(line: str, pos: int) -> tuple[list[str], int]:
    """Parse a dotted key starting at ``pos``; return its parts and the position after it
    (after the ``=`` for key/value lines, at the closing bracket for headers)."""
    parts: list[str] = []
    while True:
        while pos < len(line) and line[pos] in " \t":
            pos += 1
        if pos >= len(line):
            raise ValueError("no key")
        char = line[pos]
        if char == '"':
            end = pos + 1
            chars = []
            while end < len(line) and line[end] != '"':
                if line[end] == "\\" and end + 1 < len(line):
                    chars.append(line[end : end + 2].encode().decode("unicode_escape"))
                    end += 2
                    continue
                chars.append(line[end])
                end += 1
            parts.append("".join(chars))
            pos = end + 1
        elif char == "'":
            end = line.find("'", pos + 1)
            if end < 0:
                raise ValueError("unterminated key")
            parts.append(line[pos + 1 : end])
            pos = end + 1
        else:
            match = _BARE_KEY.match(line, pos)
            if not match:
                raise ValueError("no key")
            parts.append(match.group())
            pos = match.end()
        while pos < len(line) and line[pos] in " \t":
            pos += 1
        if pos < len(line) and line[pos] == ".":
            pos += 1
            continue
        if pos < len(line) and line[pos] == "=":
            return parts, pos + 1
        if pos < len(line) and line[pos] == "]":
            return parts, pos
        raise ValueError("not a key")


def _scan_value(line: str, pos: int, in_string: str | None, depth: int) -> tuple[str | None, int]:
    """Track multi-line strings and open brackets through the rest of ``line``."""
    n = len(line)
    while pos < n:
        if in_string is not None:
            end = pos
            while True:
                end = line.find(in_string, end)
                if end < 0:
                    return in_string, depth
                if in_string == '"""' and _escaped(line, end):
                    end += 1
                    continue
                break
            pos = end + 3
            while pos < n and line[pos] == in_string[0]:  # up to two quotes before the close
                pos += 1
            in_string = None
            continue
        char = line[pos]
        if char == "#":
            break
        if line.startswith('"""', pos) or line.startswith("'''", pos):
            in_string = line[pos : pos + 3]
            pos += 3
        elif char == '"':
            pos += 1
            while pos < n and not (line[pos] == '"' and not _escaped(line, pos)):
                pos += 1
            pos += 1
        elif char == "'":
            end = line.find("'", pos + 1)
            pos = n if end < 0 else end + 1
        else:
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth = max(0, depth - 1)
            pos += 1
    return in_string, depth


def _escaped(line: str, pos: int) -> bool:
    backslashes = 0
    while pos - backslashes - 1 >= 0 and line[pos - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


# ---------------------------------------------------------------------------------------------
# Checking


def _dotted(path: Iterable) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if _BARE_KEY.fullmatch(part) else f'"{part}"'
            out += f".{name}" if out else name
    return out


def _typename(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime):
        return "a datetime"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    return type(value).__name__


def _valid_subject(code: str) -> bool:
    if code.startswith("medtop:"):
        return bool(MEDTOP_RE.match(code))
    return bool(SUBJECT_RE.match(code))


def _known(names: Iterable[str], what: str) -> str:
    names = list(names)
    if not names:
        return f"(no {what} defined)"
    shown = ", ".join(names[:10]) + (", ..." if len(names) > 10 else "")
    return f"(known: {shown})"


_MISSING = object()


class _Checker:
    """Walks the parsed TOML, collecting problems and building the spec."""

    def __init__(self, filename: str, index: _LineIndex, base_dir: Path):
        self.filename = filename
        self.index = index
        self.base_dir = base_dir
        self.problems: list[Problem] = []
        self._later: list[Callable[[], None]] = []
        self._allowed: dict[int, list[str]] = {}
        self.agency_keys: list[str] = []
        self.site_keys: list[str] = []
        self.sections_by_site: dict[str, list[str]] = {}
        self.source_names: list[str] = []
        self.thresholds = Thresholds()

    # -- reporting -----------------------------------------------------------------------

    def problem(self, path: tuple, message: str) -> None:
        line = self.index.line_of(path)
        self.problems.append(Problem(self.filename, line, _dotted(path), message))

    def line(self, path: tuple) -> int:
        return self.index.line_of(path)

    # -- typed access --------------------------------------------------------------------

    def fields(self, table: dict, path: tuple, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        self._allowed[id(table)] = allowed
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
                self.problem(path + (key,), f"unknown field '{key}' ({hint})")

    def _misspelt(self, table: dict, key: str) -> bool:
        """Whether an unknown field of ``table`` looks like ``key`` (already reported)."""
        allowed = self._allowed.get(id(table), [])
        unknown = [k for k in table if k not in allowed]
        return bool(difflib.get_close_matches(key, unknown, n=1))

    def get(
        self,
        table: dict,
        path: tuple,
        key: str,
        kind: str,
        default: Any = _MISSING,
        *,
        max_len: int | None = None,
        non_empty: bool = False,
    ) -> Any:
        """Read ``table[key]`` as ``kind`` (str, int, number, bool, strings, table, tables).
        Missing and no default: a "missing required field" problem. Wrong type: a problem and
        the default (or None)."""
        where = path + (key,)
        fallback = None if default is _MISSING else default
        if key not in table:
            if default is _MISSING and not self._misspelt(table, key):
                self.problem(where, "missing required field")
            return fallback
        value = table[key]
        if kind == "strings" and isinstance(value, list):
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    self.problem(
                        where,
                        f"expected an array of strings, got {_typename(item)} at index {i}",
                    )
                    return fallback
        expected = {
            "str": ("a string", lambda v: isinstance(v, str)),
            "int": ("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
            "number": (
                "a number",
                lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            ),
            "bool": ("a boolean (true or false)", lambda v: isinstance(v, bool)),
            "strings": (
                "an array of strings",
                lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
            ),
            "table": ("a table", lambda v: isinstance(v, dict)),
            "tables": (
                f"an array of tables ([[{_dotted(where)}]])",
                lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
            ),
        }[kind]
        if not expected[1](value):
            self.problem(where, f"expected {expected[0]}, got {_typename(value)}")
            return fallback
        if kind == "str":
            if non_empty and not value.strip():
                self.problem(where, "must not be empty")
                return fallback
            if max_len is not None and len(value) > max_len:
                self.problem(where, f"too long ({len(value)} characters, at most {max_len})")
                return value[:max_len]
        if kind == "int" and not -(2**31) <= value < 2**31:
            self.problem(where, f"{value} is out of range")
            return fallback
        if kind == "strings":
            for i, item in enumerate(value):
                if not item.strip():
                    self.problem(where + (i,), "must not be empty")
            return tuple(value)
        return value

    def slug(self, value: str | None, path: tuple, *, max_len: int, site_key=False) -> None:
        if not value:
            return
        if site_key:
            if not SITE_KEY_RE.match(value):
                self.problem(
                    path,
                    f"'{value}' is not a valid site key (lowercase letters, digits and hyphens, "
                    "not starting or ending with a hyphen; it becomes a host name)",
                )
            elif value in RESERVED_SITE_KEYS or value.startswith("sitemap-"):
                self.problem(
                    path,
                    f"'{value}' is reserved: the site's RSS feed /{value}.xml would clash "
                    "with another URL",
                )
        elif not SLUG_RE.match(value):
            self.problem(
                path, f"'{value}' is not a valid slug (letters, digits, hyphens and underscores)"
            )
        elif len(value) > max_len:
            self.problem(path, f"too long ({len(value)} characters, at most {max_len})")

    def unique(self, seen: dict, value: str | None, path: tuple, what: str, *, fold=False):
        if not value:
            return
        norm = value.lower() if fold else value
        if norm in seen:
            self.problem(path, f"duplicate {what} '{value}' (first at line {seen[norm]})")
        else:
            seen[norm] = self.line(path)

    def tables(self, data: dict, path: tuple, key: str) -> list[tuple[tuple, dict]]:
        items = self.get(data, path, key, "tables", [])
        return [(path + (key, i), item) for i, item in enumerate(items or [])]

    # -- the network ---------------------------------------------------------------------

    def network(self, data: dict) -> NetworkSpec:
        self.fields(data, (), FIELDS[""])
        path = ("network",)
        if "network" in data:
            head = self.get(data, (), "network", "table", None) or {}
            self.fields(head, path, FIELDS["network"])
            name = self.get(head, path, "name", "str", non_empty=True)
            default_site = self.get(head, path, "default_site", "str", "")
            self.thresholds = self.threshold_table(head, path, Thresholds())
        else:
            self.problems.append(
                Problem(self.filename, 1, "network", "missing required table [network]")
            )
            name, default_site = "", ""

        agencies = [self.agency(p, t) for p, t in self.tables(data, (), "agencies")]
        self.agency_keys = [a.key for a in agencies if a.key]
        self._check_unique(agencies, "agencies", "key", "agency key", fold=True)

        site_tables = self.tables(data, (), "sites")
        sites = [self.site(p, t) for p, t in site_tables]
        if data.get("sites", []) == []:
            self.problems.append(
                Problem(
                    self.filename,
                    self.index.line_of(("sites",)),
                    "sites",
                    "at least one [[sites]] table is required",
                )
            )
        self._check_unique(sites, "sites", "key", "site key")
        self._check_unique(sites, "sites", "domain", "domain", fold=True)

        if default_site:
            if default_site not in self.site_keys:
                self.problem(
                    path + ("default_site",),
                    f"unknown site '{default_site}' {_known(self.site_keys, 'sites')}",
                )
        elif sites:
            default_site = sites[0].key

        sources = [self.source(p, t) for p, t in self.tables(data, (), "sources")]
        self.source_names = [s.name for s in sources if s.name]
        self._check_unique(sources, "sources", "name", "source name")

        rules = [self.rule(p, t) for p, t in self.tables(data, (), "rules")]
        self._check_unique(rules, "rules", "name", "rule name")

        for check in self._later:
            check()
        return NetworkSpec(
            name=name or "",
            default_site=default_site or "",
            thresholds=self.thresholds,
            sites=tuple(sites),
            agencies=tuple(agencies),
            sources=tuple(sources),
            rules=tuple(rules),
        )

    def _check_unique(self, items, array: str, attr: str, what: str, *, fold=False) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            self.unique(seen, getattr(item, attr), (array, i, attr), what, fold=fold)

    # -- agencies ------------------------------------------------------------------------

    def agency(self, path: tuple, table: dict) -> AgencySpec:
        self.fields(table, path, FIELDS["agencies"])
        key = self.get(table, path, "key", "str", non_empty=True, max_len=MAX_LEN["agency.key"])
        if key and key != key.strip():
            self.problem(path + ("key",), "must not start or end with spaces")
        licence_days = self.get(table, path, "licence_days", "int", 0)
        if licence_days is not None and licence_days < 0:
            self.problem(path + ("licence_days",), "must be 0 (never expire) or more")
            licence_days = 0
        return AgencySpec(
            key=key or "",
            name=self.get(
                table, path, "name", "str", non_empty=True, max_len=MAX_LEN["agency.name"]
            )
            or "",
            byline=self.get(table, path, "byline", "str", "", max_len=MAX_LEN["agency.byline"]),
            aliases=self.get(table, path, "aliases", "strings", ()),
            preference=self.get(table, path, "preference", "int", 0),
            licence_days=licence_days,
            rights_notice=self.get(table, path, "rights_notice", "str", ""),
            outputs=self.outputs(table, path),
        )

    def outputs(self, table: dict, path: tuple) -> tuple[str, ...]:
        """The agency's allowed outputs (every one when the key is absent)."""
        outputs = self.get(table, path, "outputs", "strings", AGENCY_OUTPUTS)
        unknown = [o for o in outputs if o not in AGENCY_OUTPUTS]
        if unknown:
            self.problem(
                path + ("outputs",),
                f"unknown output '{unknown[0]}' (known: {', '.join(AGENCY_OUTPUTS)})",
            )
            return AGENCY_OUTPUTS
        return tuple(dict.fromkeys(outputs))

    # -- sites ---------------------------------------------------------------------------

    def site(self, path: tuple, table: dict) -> SiteSpec:
        self.fields(table, path, FIELDS["sites"])
        key = self.get(table, path, "key", "str", non_empty=True)
        self.slug(key, path + ("key",), max_len=MAX_LEN["site.key"], site_key=True)
        if key:
            self.site_keys.append(key)
        domain = self.get(table, path, "domain", "str", non_empty=True)
        if domain:
            domain = domain.strip().lower()
            if not DOMAIN_RE.match(domain):
                self.problem(
                    path + ("domain",),
                    f"'{domain}' is not a valid domain name (like www.example.com)",
                )
        name = self.get(table, path, "name", "str", non_empty=True, max_len=MAX_LEN["site.name"])
        time_zone = self.get(table, path, "time_zone", "str", "UTC", non_empty=True)
        if time_zone and not _valid_time_zone(time_zone):
            close = difflib.get_close_matches(time_zone, sorted(_time_zones()), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else " (use an IANA name like UTC)"
            self.problem(path + ("time_zone",), f"unknown time zone '{time_zone}'{hint}")
        language = self.get(table, path, "language", "str", "en", non_empty=True)
        if language and (
            not LANGUAGE_RE.match(language) or len(language) > MAX_LEN["site.language"]
        ):
            self.problem(
                path + ("language",), f"'{language}' is not a language code (like en or en-GB)"
            )
        permalink = self.get(
            table,
            path,
            "permalink",
            "str",
            DEFAULT_PERMALINK,
            non_empty=True,
            max_len=MAX_LEN["site.permalink"],
        )
        if permalink:
            self.permalink(permalink, path + ("permalink",))
        theme = self.theme(self.get(table, path, "theme", "table", {}) or {}, path + ("theme",))

        sections = [self.section(p, t) for p, t in self.tables(table, path, "sections")]
        self._check_unique_at(sections, path + ("sections",), "key", "section key")
        if key:
            self.sections_by_site.setdefault(key, []).extend(s.key for s in sections if s.key)
        boxes = [self.box(p, t) for p, t in self.tables(table, path, "boxes")]
        ads = [self.ad(p, t) for p, t in self.tables(table, path, "ads")]
        self._check_unique_at(ads, path + ("ads",), "key", "ad zone key")
        return SiteSpec(
            key=key or "",
            domain=domain or "",
            name=name or "",
            tagline=self.get(table, path, "tagline", "str", "", max_len=MAX_LEN["site.tagline"]),
            description=self.get(table, path, "description", "str", ""),
            keywords=self.keywords(table, path),
            subjects=self.subjects(table, path),
            thresholds=self.threshold_table(table, path, self.thresholds),
            time_zone=time_zone or "UTC",
            language=language or "en",
            permalink=permalink or DEFAULT_PERMALINK,
            theme=dict(theme),
            sections=tuple(sections),
            boxes=tuple(boxes),
            ads=tuple(ads),
        )

    def _check_unique_at(self, items, path: tuple, attr: str, what: str) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            self.unique(seen, getattr(item, attr), path + (i, attr), what)

    def permalink(self, value: str, path: tuple) -> None:
        try:
            names = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
        except ValueError as exc:
            self.problem(path, f"invalid pattern: {exc}")
            return
        unknown = [name for name in names if name not in PERMALINK_PLACEHOLDERS]
        missing = [p for p in PERMALINK_PLACEHOLDERS if p not in names]
        if unknown:
            self.problem(path, f"unknown placeholder {{{unknown[0]}}} (use {{slug}} and {{id}})")
        elif missing:
            need = " and ".join(f"{{{p}}}" for p in missing)
            self.problem(path, f"must contain {need} (like {DEFAULT_PERMALINK})")
        elif not PERMALINK_RE.match(value):
            self.problem(
                path,
                f"'{value}' is not a supported pattern: use /{{slug}}_{{id}}.html or "
                "/FOLDER/{slug}_{id}.html",
            )

    def theme(self, table: dict, path: tuple) -> dict:
        self.fields(table, path, FIELDS["sites.theme"])
        accent = self.get(table, path, "accent", "str", None, non_empty=True)
        if accent and not HEX_COLOUR_RE.match(accent):
            self.problem(path + ("accent",), f"'{accent}' is not a hex colour (like #8b1a1a)")
        return {"accent": accent} if accent else {}

    def section(self, path: tuple, table: dict) -> SectionSpec:
        self.fields(table, path, FIELDS["sites.sections"])
        key = self.get(table, path, "key", "str", non_empty=True)
        self.slug(key, path + ("key",), max_len=MAX_LEN["section.key"])
        return SectionSpec(
            key=key or "",
            name=self.get(
                table, path, "name", "str", non_empty=True, max_len=MAX_LEN["section.name"]
            )
            or "",
            description=self.get(table, path, "description", "str", ""),
            keywords=self.keywords(table, path),
            subjects=self.subjects(table, path),
        )

    def keywords(self, table: dict, path: tuple) -> tuple[str, ...]:
        words = self.get(table, path, "keywords", "strings", ()) or ()
        return tuple(w.strip() for w in words if w.strip())

    def subjects(self, table: dict, path: tuple) -> tuple[str, ...]:
        codes = self.get(table, path, "subjects", "strings", ()) or ()
        for i, code in enumerate(codes):
            if code.strip() and not _valid_subject(code):
                self.problem(
                    path + ("subjects", i),
                    f"'{code}' is not a subject code (scheme:code; an IPTC media topic is "
                    "medtop: and 8 digits, like medtop:16000000)",
                )
        return tuple(dict.fromkeys(c for c in codes if _valid_subject(c)))

    def threshold_table(self, table: dict, path: tuple, inherited: Thresholds) -> Thresholds:
        """``thresholds = { auto_publish = 0.9, review = 0.5 }``, each in 0..1, review not
        above auto_publish; a missing value is ``inherited`` (the network's)."""
        if "thresholds" not in table:
            return inherited
        where = path + ("thresholds",)
        values = self.get(table, path, "thresholds", "table", None)
        if values is None:
            return inherited
        self.fields(values, where, FIELDS["sites.thresholds"])
        found = {}
        for name in FIELDS["sites.thresholds"]:
            value = self.get(values, where, name, "number", None)
            if value is None:
                continue
            if not 0 <= value <= 1:
                self.problem(where + (name,), f"must be between 0 and 1, got {value}")
                continue
            found[name] = float(value)
        merged = dataclasses.replace(inherited, **found)
        if merged.review > merged.auto_publish:
            review, publish = f"{merged.review:g}", f"{merged.auto_publish:g}"
            inherited_note = "" if len(found) == 2 else " (the network's)"
            if "review" in found:
                message = f"{review} is above auto_publish {publish}{inherited_note}"
            else:
                message = f"{publish} is below review {review}{inherited_note}"
            self.problem(where + (next(reversed(found)),), message + "; review <= auto_publish")
            return inherited
        return merged

    def box(self, path: tuple, table: dict) -> BoxSpec:
        self.fields(table, path, FIELDS["sites.boxes"])
        title = self.get(table, path, "title", "str", non_empty=True, max_len=MAX_LEN["box.title"])
        site = self.get(table, path, "site", "str", non_empty=True)
        section = self.get(table, path, "section", "str", "")
        count = self.get(table, path, "count", "int", DEFAULT_BOX_COUNT)
        if count is not None and not 1 <= count <= MAX_BOX_COUNT:
            self.problem(path + ("count",), f"must be between 1 and {MAX_BOX_COUNT}, got {count}")
            count = DEFAULT_BOX_COUNT
        page_type = self.get(table, path, "page_type", "str", DEFAULT_PAGE_TYPE, non_empty=True)
        if page_type and page_type not in PAGE_TYPES:
            self.problem(
                path + ("page_type",),
                f"unknown page type '{page_type}' (known: {', '.join(PAGE_TYPES)})",
            )
        if site:
            self._later.append(lambda: self.site_ref(site, section, path))
        return BoxSpec(
            title=title or "",
            site=site or "",
            section=section or "",
            count=count or DEFAULT_BOX_COUNT,
            page_type=page_type or DEFAULT_PAGE_TYPE,
        )

    def site_ref(self, site: str, section: str | None, path: tuple) -> None:
        if site not in self.site_keys:
            self.problem(
                path + ("site",), f"unknown site '{site}' {_known(self.site_keys, 'sites')}"
            )
            return
        known = self.sections_by_site.get(site, [])
        if section and section not in known:
            self.problem(
                path + ("section",),
                f"unknown section '{section}' of site '{site}' {_known(known, 'sections')}",
            )

    def ad(self, path: tuple, table: dict) -> AdZoneSpec:
        self.fields(table, path, FIELDS["sites.ads"])
        key = self.get(table, path, "key", "str", non_empty=True)
        self.slug(key, path + ("key",), max_len=MAX_LEN["ad.key"])
        return AdZoneSpec(
            key=key or "",
            label=self.get(
                table, path, "label", "str", DEFAULT_AD_LABEL, max_len=MAX_LEN["ad.label"]
            ),
            html=self.get(table, path, "html", "str", ""),
        )

    # -- sources -------------------------------------------------------------------------

    def source(self, path: tuple, table: dict) -> SourceSpec:
        self.fields(table, path, FIELDS["sources"])
        name = self.get(table, path, "name", "str", non_empty=True)
        self.slug(name, path + ("name",), max_len=MAX_LEN["source.name"])
        agency = self.get(table, path, "agency", "str", "")
        if agency and agency not in self.agency_keys:
            self.problem(
                path + ("agency",),
                f"unknown agency '{agency}' {_known(self.agency_keys, 'agencies')}",
            )
        location = self.get(table, path, "location", "str", non_empty=True)
        if location:
            location = self.location(location.strip(), path + ("location",))
        fmt = self.get(table, path, "format", "str", "")
        if fmt and (not FORMAT_RE.match(fmt) or len(fmt) > MAX_LEN["source.format"]):
            self.problem(path + ("format",), f"'{fmt}' is not a format name (like rss or nitf)")
        interval = self.get(table, path, "interval", "int", DEFAULT_INTERVAL)
        if interval is not None and interval < MIN_INTERVAL:
            self.problem(
                path + ("interval",), f"must be at least {MIN_INTERVAL} seconds, got {interval}"
            )
            interval = DEFAULT_INTERVAL
        return SourceSpec(
            name=name or "",
            location=location or "",
            agency=agency or "",
            format=fmt or "",
            interval=interval or DEFAULT_INTERVAL,
            enabled=self.get(table, path, "enabled", "bool", True),
            hot_folder=self.hot_folder(table, path, location or ""),
            category=self.get(table, path, "category", "str", "") or "",
            homepage=self.homepage(table, path),
        )

    def hot_folder(self, table: dict, path: tuple, location: str) -> bool:
        hot = bool(self.get(table, path, "hot_folder", "bool", False))
        if hot and URL_SCHEME_RE.match(location):
            self.problem(path + ("hot_folder",), "only a folder can be a hot folder, not a URL")
        return hot

    def homepage(self, table: dict, path: tuple) -> str:
        value = self.get(table, path, "homepage", "str", "") or ""
        if value and not value.startswith(("http://", "https://")):
            self.problem(path + ("homepage",), f"'{value}' is not an http(s) URL")
        return value

    def location(self, value: str, path: tuple) -> str:
        scheme = URL_SCHEME_RE.match(value)
        if scheme:
            name = scheme.group(1).lower()
            if name == "file":
                value = value[len("file://") :]
            elif name not in ("http", "https"):
                self.problem(path, f"unsupported URL scheme '{name}' (use http, https or a path)")
                return value
            else:
                return value
        resolved = os.path.normpath(os.path.join(self.base_dir, os.path.expanduser(value)))
        if len(resolved) > MAX_LEN["source.location"]:
            self.problem(path, f"too long ({len(resolved)} characters, at most 1000)")
        return resolved

    # -- rules ---------------------------------------------------------------------------

    def rule(self, path: tuple, table: dict) -> RuleSpec:
        self.fields(table, path, FIELDS["rules"])
        name = self.get(table, path, "name", "str", non_empty=True, max_len=MAX_LEN["rule.name"])
        match = self.match(self.get(table, path, "match", "table", {}) or {}, path + ("match",))
        action_table = self.get(table, path, "action", "table")
        action = self.action(action_table, path + ("action",)) if action_table is not None else {}
        return RuleSpec(
            name=name or "",
            match=match,
            action=action,
            stop=self.get(table, path, "stop", "bool", False),
            enabled=self.get(table, path, "enabled", "bool", True),
        )

    def match(self, table: dict, path: tuple) -> dict:
        self.fields(table, path, FIELDS["rules.match"])
        out: dict = {}
        if "keywords" in table:
            out["keywords"] = list(self.get(table, path, "keywords", "strings", ()))
        regex = self.get(table, path, "regex", "str", None, non_empty=True)
        if regex:
            try:
                re.compile(regex)
            except re.error as exc:
                self.problem(path + ("regex",), f"invalid regular expression: {exc}")
            out["regex"] = regex
        agency = self.get(table, path, "agency", "str", None, non_empty=True)
        if agency:
            if agency not in self.agency_keys:
                self.problem(
                    path + ("agency",),
                    f"unknown agency '{agency}' {_known(self.agency_keys, 'agencies')}",
                )
            out["agency"] = agency
        source = self.get(table, path, "source", "str", None, non_empty=True)
        if source:
            self._later.append(lambda: self.source_ref(source, path + ("source",)))
            out["source"] = source
        if "subject" in table:
            subject = table["subject"]
            if isinstance(subject, str):
                out["subject"] = self.get(table, path, "subject", "str", None, non_empty=True)
            elif isinstance(subject, list) and all(isinstance(s, str) for s in subject):
                out["subject"] = list(self.get(table, path, "subject", "strings", ()))
            else:
                self.problem(
                    path + ("subject",),
                    f"expected a string or an array of strings, got {_typename(subject)}",
                )
        for key in ("language", "place"):
            value = self.get(table, path, key, "str", None, non_empty=True)
            if value:
                out[key] = value
        return {k: v for k, v in out.items() if v is not None}

    def source_ref(self, source: str, path: tuple) -> None:
        if source not in self.source_names:
            self.problem(path, f"unknown source '{source}' {_known(self.source_names, 'sources')}")

    def action(self, table: dict, path: tuple) -> dict:
        self.fields(table, path, FIELDS["rules.action"])
        site = self.get(table, path, "site", "str", "", non_empty=True)
        section = self.get(table, path, "section", "str", "")
        hold = self.get(table, path, "hold", "bool", False)
        reject = self.get(table, path, "reject", "bool", False)
        if hold and reject:
            self.problem(path + ("reject",), "hold and reject cannot both be true")
        if "site" not in table:
            if not hold and not reject:
                self.problem(path + ("site",), "missing required field (unless hold or reject)")
            elif section:
                self.problem(path + ("section",), "needs a site")
        if site:
            self._later.append(lambda: self.site_ref(site, section, path))
        action: dict = {}
        if site:
            action["site"] = site
        if section:
            action["section"] = section
        action["primary"] = self.get(table, path, "primary", "bool", True)
        action["hold"] = bool(hold)
        action["reject"] = bool(reject)
        action["priority"] = self.get(table, path, "priority", "int", 0)
        return action


_ZONES: set[str] | None = None


def _time_zones() -> set[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = zoneinfo.available_timezones()
    return _ZONES


def _valid_time_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
