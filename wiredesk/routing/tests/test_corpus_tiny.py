"""A tiny, clearly separable labelled corpus, shared by the corpus, classifier, evaluation and
command tests (its helpers are imported from here)."""

import csv
from pathlib import Path

TOPICS = {
    "space": ["rocket", "orbit", "satellite", "launch", "astronaut", "telescope"],
    "energy": ["solar", "wind", "turbine", "grid", "battery", "oil"],
    "sport": ["football", "goal", "match", "striker", "league", "cup"],
}


def tiny_documents(per_label: int = 6) -> list[tuple[str, str, str]]:
    """(label, title, text) rows: each mixes its label's words, nothing else."""
    rows = []
    for label, words in TOPICS.items():
        for i in range(per_label):
            a, b, c = words[i % 6], words[(i + 1) % 6], words[(i + 2) % 6]
            rows.append((label, f"{a.title()} and {b} news", f"The {a} {b} {c} story number {i}."))
    return rows


def write_folder(root: Path, rows) -> Path:
    for n, (label, title, text) in enumerate(rows):
        folder = root / label
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{n:03}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return root


def write_csv(path: Path, rows, header: bool = True) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if header:
            writer.writerow(["label", "title", "text"])
        writer.writerows(rows)
    return path


def test_the_tiny_corpus_reads_the_same_from_a_folder_and_a_csv(tmp_path):
    from wiredesk.routing.corpus import load_corpus

    rows = tiny_documents(4)
    folder = load_corpus(write_folder(tmp_path / "folder", rows))
    table = load_corpus(write_csv(tmp_path / "c.csv", rows))
    assert folder.counts() == table.counts() == {"energy": 4, "space": 4, "sport": 4}
    assert sorted(folder.texts) == sorted(table.texts)
