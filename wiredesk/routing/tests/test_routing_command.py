"""``wiredesk routing evaluate|dry-run``: printed tables, one-line errors, nothing changed."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wiredesk.routing.models import Placement
from wiredesk.stories.models import Story

from .test_corpus_tiny import tiny_documents, write_csv, write_folder


def run(*args, **options) -> str:
    out = StringIO()
    call_command("routing", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.mark.parametrize("layout", ["folder", "csv"])
def test_evaluate_prints_per_class_scores_and_macro_f1(tmp_path, layout):
    rows = tiny_documents(6)
    path = (
        write_folder(tmp_path / "c", rows)
        if layout == "folder"
        else write_csv(tmp_path / "c.csv", rows)
    )
    lines = run("evaluate", "--corpus", str(path), "--folds", "3").splitlines()
    assert lines[0] == f"{path}: 18 documents in 3 classes (energy 6, space 6, sport 6)"
    assert lines[1] == "3-fold cross-validation, seed 42: 18 documents, 3 classes"
    assert lines[2].split() == ["class", "precision", "recall", "f1", "support"]
    assert lines[3].split() == ["energy", "1.0000", "1.0000", "1.0000", "6"]
    assert lines[6].split() == ["macro", "average", "1.0000", "1.0000", "1.0000", "18"]
    assert lines[8].startswith("macro-F1: 1.0000")
    assert lines[9].endswith(" s)")


def test_evaluate_per_class(tmp_path):
    path = write_folder(tmp_path, tiny_documents(6))
    out = run("evaluate", "--corpus", str(path), "--per-class", "3", "--seed", "1", verbosity=0)
    assert out.splitlines()[0] == (
        "3 per class, seed 1: 18 documents, 3 classes (trained on 9, tested on 9)"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--corpus", "{tmp}/nope"], "{tmp}/nope: no such file or folder"),
        (["--corpus", "{tmp}/empty"], "{tmp}/empty: empty corpus: no documents found"),
        (["--corpus", "{tmp}/c", "--folds", "1"], "{tmp}/c: --folds must be at least 2 (got 1)"),
        (
            ["--corpus", "{tmp}/c", "--folds", "5"],
            "{tmp}/c: --folds 5 needs at least 5 examples of every label; 'energy' has 4",
        ),
        (
            ["--corpus", "{tmp}/c", "--per-class", "4"],
            "{tmp}/c: --per-class 4 leaves no test examples for label 'energy', which has 4",
        ),
        (
            ["--corpus", "{tmp}/c", "--per-class", "0"],
            "{tmp}/c: --per-class must be at least 1 (got 0)",
        ),
        (["--corpus", "{tmp}/c", "--seed", "-1"], "--seed must be 0 or more (got -1)"),
        (
            ["--corpus", "{tmp}/lonely.csv"],
            "{tmp}/lonely.csv: label 'b' has only one example; "
            "every label needs at least two to stratify",
        ),
        (
            ["--corpus", "{tmp}/unlabelled.csv"],
            "{tmp}/unlabelled.csv: no labels: none of 2 rows has a label",
        ),
        (
            ["--corpus", "{tmp}/one-label.csv"],
            "{tmp}/one-label.csv: only one label ('a'); a classifier needs at least two",
        ),
        (
            ["--corpus", "{tmp}/c", "--features", "pixels"],
            "Error: argument --features: invalid choice: 'pixels' "
            "(choose from 'words', 'words+chars')",
        ),
        (
            ["--corpus", "{tmp}/bad.csv"],
            "{tmp}/bad.csv: unreadable CSV row 2: expected 3 columns (label,title,text), found 2",
        ),
    ],
)
def test_evaluate_bad_input_is_one_line(tmp_path, args, message):
    write_folder(tmp_path / "c", tiny_documents(4))
    (tmp_path / "empty" / "sport").mkdir(parents=True)
    (tmp_path / "bad.csv").write_text("a,b,c\nd,e\n")
    (tmp_path / "lonely.csv").write_text("a,t,x\na,u,y\nb,v,z\n")
    (tmp_path / "unlabelled.csv").write_text(",t,x\n,u,y\n")
    (tmp_path / "one-label.csv").write_text("a,t,x\na,u,y\n")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    with pytest.raises(CommandError) as error:
        run("evaluate", *args)
    assert str(error.value) == message.replace("{tmp}", str(tmp_path))


@pytest.mark.parametrize("action", ["train", "versions", "evaluate", "dry-run"])
def test_every_action_has_help_with_examples(action):
    result = subprocess.run(
        [sys.executable, "-m", "wiredesk", "routing", action, "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"wiredesk routing {action} " in result.stdout
    assert "examples:" in result.stdout


def test_a_bad_corpus_exits_1_with_one_line_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "wiredesk", "routing", "evaluate", "--corpus", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        env={"WIREDESK_DATA_DIR": str(tmp_path / "data"), "PATH": ""},
    )
    assert result.returncode == 1
    assert result.stderr == f"CommandError: {tmp_path / 'x'}: no such file or folder\n"


def test_dry_run_prints_the_rules_decisions_and_changes_nothing(demo_wire):
    before = list(Placement.objects.values_list("story_id", "site_id", "state", "decided_by"))
    states = list(Story.objects.values_list("pk", "state"))
    out = run("dry-run", "--last", "3")
    assert list(Placement.objects.values_list("story_id", "site_id", "state", "decided_by")) == (
        before
    )
    assert list(Story.objects.values_list("pk", "state")) == states
    lines = out.splitlines()
    newest = Story.objects.order_by("-dated_at", "-pk")[:3]
    headers = [line for line in lines if line.startswith("#")]
    assert [h.split()[0] for h in headers] == [f"#{s.pk}" for s in newest]
    assert any(line.startswith("  decision: would ") for line in lines)
    assert any(line.startswith("  place: ") and "rule '" in line for line in lines)
    assert any(line.startswith("  why: ") for line in lines)
    assert lines[-1].startswith("3 stories: ") and lines[-1].endswith("Nothing was changed.")


def test_dry_run_filters_by_site(demo_wire):
    out = run("dry-run", "--last", "50", "--site", "spacewar")
    blocks = out.split("\n#")
    assert all("  place: spacewar" in block for block in blocks[:-1] if "decision" in block)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--last", "0"], "--last must be at least 1 (got 0)"),
        (["--site", "nowhere"], "unknown site 'nowhere' (known: "),
    ],
)
def test_dry_run_bad_input(demo_network, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run("dry-run", *args)


@pytest.mark.django_db
def test_dry_run_without_stories():
    assert run("dry-run", "--last", "5") == "No stories yet: nothing to show.\n"
