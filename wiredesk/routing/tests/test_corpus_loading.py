"""Labelled corpora: a folder of class sub-folders, or a CSV of label,title,text."""

import pytest

from wiredesk.routing.corpus import CorpusError, Document, load_corpus

from .test_corpus_tiny import tiny_documents, write_csv, write_folder


def test_folder_layout_reads_headline_and_body(tmp_path):
    write_folder(
        tmp_path,
        [
            ("a", "First", "Body one.\nMore."),
            ("a", "Second", "Two"),
            ("b", "Third", "Three"),
            ("b", "Fourth", "Four"),
        ],
    )
    (tmp_path / "README.TXT").write_text("not a document")
    (tmp_path / ".hidden").mkdir()
    corpus = load_corpus(tmp_path)
    assert corpus.documents[0] == Document("a", "First", "Body one.\nMore.", "a/000.txt")
    assert corpus.counts() == {"a": 2, "b": 2}
    assert corpus.classes == ["a", "b"]
    assert corpus.texts[0] == "First\nBody one.\nMore."
    assert corpus.fallback_decoded == []


def test_a_file_that_is_not_utf8_is_decoded_and_counted(tmp_path):
    write_folder(tmp_path, tiny_documents(2))
    (tmp_path / "sport" / "199.txt").write_bytes(b"Cup win\n\nTickets cost \xa330.\n")
    corpus = load_corpus(tmp_path)
    assert corpus.fallback_decoded == ["sport/199.txt"]
    assert [d.text for d in corpus.documents if d.origin == "sport/199.txt"] == [
        "Tickets cost \u00a330."
    ]
    assert "1 not UTF-8" in corpus.summary()


def test_empty_files_are_skipped_and_counted(tmp_path):
    write_folder(tmp_path, tiny_documents(2))
    (tmp_path / "space" / "empty.txt").write_text("  \n")
    corpus = load_corpus(tmp_path)
    assert corpus.skipped_empty == ["space/empty.txt"]
    assert len(corpus) == 6


@pytest.mark.parametrize("header", [True, False])
def test_csv_with_or_without_header(tmp_path, header):
    rows = tiny_documents(2)
    corpus = load_corpus(write_csv(tmp_path / "c.csv", rows, header=header))
    assert [(d.label, d.title, d.text) for d in corpus.documents] == rows
    assert corpus.documents[0].origin == ("row 2" if header else "row 1")


def test_csv_header_may_reorder_and_add_columns(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,Text,Label,Title\n1,body a,x,A\n2,body b,x,B\n3,body c,y,C\n4,d,y,D\n")
    corpus = load_corpus(path)
    assert corpus.documents[0] == Document("x", "A", "body a", "row 2")


def test_csv_without_title_takes_the_first_line_of_the_text(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('x,,"Headline\nbody"\nx,T,b\ny,T,c\ny,T,d\n')
    assert load_corpus(path).documents[0].title == "Headline"


def _bad_csv(tmp_path, text):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p / "missing", "missing: no such file or folder"),
        (lambda p: p, ": no labels: expected one sub-folder per label"),
        (lambda p: (p / "a").mkdir() or p, ": empty corpus: no documents found"),
        (lambda p: _bad_csv(p, ""), "bad.csv: empty corpus: no documents found"),
        (lambda p: _bad_csv(p, "label,title,text\n"), "bad.csv: empty corpus"),
        (lambda p: _bad_csv(p, ",t,x\n,u,y\n"), "bad.csv: no labels: none of 2 rows has a label"),
        (
            lambda p: _bad_csv(p, "a,t,x\nb,u\n"),
            "bad.csv: unreadable CSV row 2: expected 3 columns (label,title,text), found 2",
        ),
        (lambda p: _bad_csv(p, "a,t,x\n,u,y\n"), "bad.csv: unreadable CSV row 2: empty label"),
        (
            lambda p: _bad_csv(p, "a,t,x\na,u,y\nb,v,z\n"),
            "bad.csv: label 'b' has only one example; every label needs at least two",
        ),
        (
            lambda p: _bad_csv(p, "a,t,x\na,u,y\n"),
            "bad.csv: only one label ('a'); a classifier needs at least two",
        ),
    ],
    ids=[
        "missing",
        "no-subfolders",
        "empty-folder",
        "empty-csv",
        "header-only",
        "unlabelled",
        "short-row",
        "empty-label",
        "one-example",
        "one-label",
    ],
)
def test_bad_corpora_raise_one_line_errors(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(CorpusError) as error:
        load_corpus(path)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_label_with_one_example_in_a_folder_is_named(tmp_path):
    write_folder(tmp_path, [("a", "x", "y"), ("a", "z", "w"), ("lonely", "q", "r")])
    with pytest.raises(CorpusError, match="label 'lonely' has only one example"):
        load_corpus(tmp_path)


def test_bbc_corpus_loads_with_one_fallback_file(shared_data):
    corpus = load_corpus(shared_data / "bbc-news" / "bbc")
    assert corpus.counts() == {
        "business": 510,
        "entertainment": 386,
        "politics": 417,
        "sport": 511,
        "tech": 401,
    }
    assert corpus.fallback_decoded == ["sport/199.txt"]
    assert corpus.documents[0].title == "Ad sales boost Time Warner profit"
