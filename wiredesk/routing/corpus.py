"""Labelled corpora for training and evaluating the classifier (pure Python, no Django).

Two layouts are read:

- a folder of class sub-folders of text files, the first line of each file being the
  headline and the rest the body (the BBC News layout: ``bbc/<label>/<name>.txt``); files are
  read as UTF-8, and a file that is not valid UTF-8 is decoded as Windows-1252 (or Latin-1)
  and counted in ``Corpus.fallback_decoded``;
- a CSV file with the columns ``label,title,text`` and an optional header row (a header may
  put the three columns in any order and add others, which are ignored).

Every problem is a ``CorpusError`` whose message is one line naming it: a missing path, an
empty corpus, no labels, a label with a single example (it cannot be stratified), an
unreadable CSV row.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = ("label", "title", "text")
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


class CorpusError(ValueError):
    """A corpus that cannot be used; the message is one line."""


@dataclass(frozen=True)
class Document:
    label: str
    title: str
    text: str
    origin: str = ""

    @property
    def content(self) -> str:
        """Headline and body as one string, the classifier's input."""
        return f"{self.title}\n{self.text}" if self.text else self.title


@dataclass
class Corpus:
    path: str
    documents: list[Document] = field(default_factory=list)
    fallback_decoded: list[str] = field(default_factory=list)
    skipped_empty: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def texts(self) -> list[str]:
        return [d.content for d in self.documents]

    @property
    def labels(self) -> list[str]:
        return [d.label for d in self.documents]

    @property
    def classes(self) -> list[str]:
        return sorted({d.label for d in self.documents})

    def counts(self) -> dict[str, int]:
        counted = Counter(d.label for d in self.documents)
        return {label: counted[label] for label in sorted(counted)}

    def summary(self) -> str:
        counts = ", ".join(f"{label} {n}" for label, n in self.counts().items())
        line = f"{self.path}: {len(self)} documents in {len(self.counts())} classes ({counts})"
        notes = []
        if self.fallback_decoded:
            notes.append(f"{len(self.fallback_decoded)} not UTF-8, decoded as Windows-1252")
        if self.skipped_empty:
            notes.append(f"{len(self.skipped_empty)} empty, skipped")
        return line + (f"; {'; '.join(notes)}" if notes else "")

    def validate(self) -> "Corpus":
        """Raise ``CorpusError`` unless every label can be stratified (two or more examples)."""
        if not self.documents:
            raise CorpusError(f"{self.path}: empty corpus: no documents found")
        counts = self.counts()
        if len(counts) < 2:
            (only,) = counts
            raise CorpusError(
                f"{self.path}: only one label ({only!r}); a classifier needs at least two"
            )
        lonely = [label for label, n in counts.items() if n < 2]
        if lonely:
            names = ", ".join(repr(label) for label in lonely)
            raise CorpusError(
                f"{self.path}: label {names} has only one example; "
                "every label needs at least two to stratify"
            )
        return self


def decode(data: bytes) -> tuple[str, bool]:
    """``data`` as text and whether a fallback encoding was needed."""
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding), True
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def split_headline(text: str) -> tuple[str, str]:
    """The first non-blank line and the rest, stripped."""
    text = text.strip()
    headline, _, body = text.partition("\n")
    return headline.strip(), body.strip()


def load_corpus(path: str | Path) -> Corpus:
    """Read a folder or CSV corpus and check that it can be used for training."""
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    corpus = load_folder(path) if path.is_dir() else load_csv(path)
    return corpus.validate()


def _visible(path: Path) -> bool:
    return not path.name.startswith(".")


def load_folder(path: Path) -> Corpus:
    corpus = Corpus(path=str(path))
    class_dirs = sorted(p for p in path.iterdir() if p.is_dir() and _visible(p))
    if not class_dirs:
        raise CorpusError(
            f"{path}: no labels: expected one sub-folder per label, e.g. {path}/sport/001.txt"
        )
    for class_dir in class_dirs:
        files = sorted(p for p in class_dir.iterdir() if p.is_file() and _visible(p))
        for file in files:
            try:
                data = file.read_bytes()
            except OSError as error:
                raise CorpusError(f"{file}: unreadable ({error.strerror})") from None
            text, fallback = decode(data)
            origin = f"{class_dir.name}/{file.name}"
            if fallback:
                corpus.fallback_decoded.append(origin)
            title, body = split_headline(text)
            if not title:
                corpus.skipped_empty.append(origin)
                continue
            corpus.documents.append(Document(class_dir.name, title, body, origin))
    return corpus


def _header_columns(row: list[str]) -> dict[str, int] | None:
    names = [cell.strip().lower() for cell in row]
    if not set(COLUMNS) <= set(names):
        return None
    return {name: names.index(name) for name in COLUMNS}


def load_csv(path: Path) -> Corpus:
    corpus = Corpus(path=str(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}: unreadable ({error.strerror})") from None
    text, fallback = decode(data)
    if fallback:
        corpus.fallback_decoded.append(path.name)
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = dict(zip(COLUMNS, range(3), strict=True))
    width = len(COLUMNS)
    unlabelled: list[int] = []
    row_number = 0
    while True:
        row_number += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise CorpusError(f"{path}: unreadable CSV row {row_number}: {error}") from None
        if not row or not any(cell.strip() for cell in row):
            continue
        if row_number == 1:
            header = _header_columns(row)
            if header is not None:
                columns, width = header, len(row)
                continue
        if len(row) != width:
            raise CorpusError(
                f"{path}: unreadable CSV row {row_number}: expected {width} columns "
                f"(label,title,text), found {len(row)}"
            )
        label = row[columns["label"]].strip()
        title = row[columns["title"]].strip()
        body = row[columns["text"]].strip()
        if not label:
            unlabelled.append(row_number)
            continue
        if not (title or body):
            corpus.skipped_empty.append(f"row {row_number}")
            continue
        if not title:
            title, body = split_headline(body)
        corpus.documents.append(Document(label, title, body, f"row {row_number}"))
    if unlabelled and corpus.documents:
        raise CorpusError(f"{path}: unreadable CSV row {unlabelled[0]}: empty label")
    if unlabelled:
        raise CorpusError(f"{path}: no labels: none of {len(unlabelled)} rows has a label")
    return corpus
