"""``wiredesk routing evaluate|dry-run``: measure the classifier, preview the rules."""

import sys

from django.core.management.base import CommandError
from django.db.utils import OperationalError, ProgrammingError

from wiredesk.core.commands import ActionCommand, HelpFormatter
from wiredesk.core.progress import progress_bar
from wiredesk.routing import evaluation
from wiredesk.routing.corpus import CorpusError, load_corpus

EPILOG = """\
Routing places every new story by the network's rules, then the learned classifier.
Run 'wiredesk routing ACTION --help' for each action's options.

examples:
  wiredesk routing evaluate --corpus ../shared/data/bbc-news/bbc
  wiredesk routing evaluate --corpus labelled.csv --folds 10 --seed 7
  wiredesk routing evaluate --corpus ../shared/data/bbc-news/bbc --per-class 50
  wiredesk routing dry-run --last 20

Bad input ends with one line and exit status 1. See docs/routing.md.
"""

EVALUATE_EPILOG = """\
The corpus is either a folder of class sub-folders of text files, the first line of each
file being the headline (DIR/<label>/<name>.txt, the BBC News layout; files that are not
UTF-8 are read as Windows-1252 and counted), or a CSV file with the columns label,title,text
and an optional header row. Every label needs at least two examples.

Without --per-class: stratified k-fold cross-validation; every document is predicted once by
a model trained on the other folds. With --per-class N: train on N random examples of each
label and test on all the rest. Prints per-class precision, recall and F1, the macro average
and macro-F1. The same --seed gives the same figures.

examples:
  wiredesk routing evaluate --corpus ../shared/data/bbc-news/bbc
  wiredesk routing evaluate --corpus ../shared/data/bbc-news/bbc --per-class 50
  wiredesk routing evaluate --corpus labelled.csv --folds 10 --seed 7
"""

DRY_RUN_EPILOG = """\
For each of the N most recent stories (by their wire date), prints the rules' decision as it
would be now: the placements (site/section, rule, score, primary), whether the story would be
published, held for the desk or rejected, and the conditions that matched. Nothing is
changed.

examples:
  wiredesk routing dry-run --last 20
  wiredesk routing dry-run --last 5 --site spacewar
"""


class Command(ActionCommand):
    epilog = EPILOG
    help = "Evaluate the routing classifier on a labelled corpus, or preview the rules' decisions."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", metavar="ACTION", title="actions", required=True
        )
        evaluate = actions.add_parser(
            "evaluate",
            help="k-fold or N-per-class evaluation of the classifier on a labelled corpus",
            description=(
                "Evaluate the routing classifier on a labelled corpus and print per-class "
                "precision, recall, F1 and macro-F1."
            ),
            epilog=EVALUATE_EPILOG,
            formatter_class=HelpFormatter,
        )
        evaluate.add_argument(
            "--corpus",
            required=True,
            metavar="DIR_OR_CSV",
            help="a folder of class sub-folders of text files, or a CSV of label,title,text",
        )
        evaluate.add_argument(
            "--folds",
            type=int,
            default=evaluation.DEFAULT_FOLDS,
            help=f"number of cross-validation folds (default {evaluation.DEFAULT_FOLDS})",
        )
        evaluate.add_argument(
            "--per-class",
            type=int,
            metavar="N",
            help="instead of k-fold: train on N random examples per label, test on the rest",
        )
        evaluate.add_argument(
            "--seed",
            type=int,
            default=evaluation.DEFAULT_SEED,
            help=f"random seed for the folds, the sample and the models "
            f"(default {evaluation.DEFAULT_SEED})",
        )
        evaluate.add_argument(
            "--no-progress", action="store_true", help="never show a progress bar"
        )
        dry_run = actions.add_parser(
            "dry-run",
            help="print the rules' decision for the most recent stories, changing nothing",
            description="Print what the rules would decide for the most recent stories.",
            epilog=DRY_RUN_EPILOG,
            formatter_class=HelpFormatter,
        )
        dry_run.add_argument(
            "--last",
            type=int,
            default=10,
            metavar="N",
            help="how many of the most recent stories (default 10)",
        )
        dry_run.add_argument(
            "--site", metavar="KEY", help="only stories the rules would place on this site"
        )

    def handle(self, *args, action, **options):
        return getattr(self, "handle_" + action.replace("-", "_"))(**options)

    # -- evaluate ------------------------------------------------------------------------

    def handle_evaluate(self, corpus, folds, per_class=None, seed=42, no_progress=False, **opts):
        if seed < 0:
            raise CommandError(f"--seed must be 0 or more (got {seed})")
        try:
            loaded = load_corpus(corpus)
        except CorpusError as error:
            raise CommandError(str(error)) from None
        labels, texts = loaded.labels, loaded.texts
        try:
            if per_class is not None:
                evaluation.check_per_class(labels, per_class)
                steps = evaluation.per_class_steps(len(texts), len(loaded.classes))
            else:
                evaluation.check_folds(labels, folds)
                steps = evaluation.cross_validate_steps(len(texts), len(loaded.classes), folds)
        except evaluation.EvaluationError as error:
            raise CommandError(f"{corpus}: {error}") from None
        verbose = opts.get("verbosity", 1) >= 1
        if verbose:
            self.stdout.write(loaded.summary())
        show = not no_progress and self.stdout.isatty() and sys.stderr.isatty()
        with progress_bar(steps, "evaluating", enabled=show) as advance:
            if per_class is not None:
                result = evaluation.per_class(
                    texts, labels, per_class=per_class, seed=seed, progress=advance
                )
            else:
                result = evaluation.cross_validate(
                    texts, labels, folds=folds, seed=seed, progress=advance
                )
        self.stdout.write(result.table())
        if verbose:
            self.stdout.write(f"({result.seconds:.1f} s)")

    # -- dry-run -------------------------------------------------------------------------

    def handle_dry_run(self, last, site=None, **opts):
        if last < 1:
            raise CommandError(f"--last must be at least 1 (got {last})")
        try:
            self._dry_run(last, site)
        except (OperationalError, ProgrammingError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CommandError(
                f"the database is not ready ({reason}); run 'wiredesk migrate' first"
            ) from None

    def _dry_run(self, last, site):
        from wiredesk.network.models import SiteProfile
        from wiredesk.routing.services import decide
        from wiredesk.stories.models import Story

        if site and not SiteProfile.objects.filter(key=site).exists():
            known = ", ".join(SiteProfile.objects.values_list("key", flat=True)) or "none"
            raise CommandError(f"unknown site {site!r} (known: {known})")
        stories = Story.objects.select_related("agency", "source").order_by("-dated_at", "-pk")
        tally = {"publish": 0, "hold": 0, "reject": 0, "unplaced": 0}
        shown = 0
        for story in stories.iterator():
            if shown >= last:
                break
            revision = story.current
            if revision is None:
                continue
            decision = decide(story, revision)
            if site and site not in {hit.site for hit in decision.placements}:
                continue
            shown += 1
            outcome = self._outcome(decision)
            tally[outcome] += 1
            self._print_story(story, decision, outcome)
        if not shown:
            where = f" placed on {site}" if site else ""
            self.stdout.write(f"No stories{where} yet: nothing to show.")
            return
        summary = ", ".join(f"{n} {what}" for what, n in tally.items() if n)
        self.stdout.write(f"{shown} stories: {summary}. Nothing was changed.")

    @staticmethod
    def _outcome(decision) -> str:
        if decision.reject:
            return "reject"
        if decision.hold:
            return "hold"
        return "publish" if decision.placements else "unplaced"

    def _print_story(self, story, decision, outcome):
        when = story.dated_at.strftime("%Y-%m-%d %H:%M UTC")
        self.stdout.write(f"#{story.pk} {when} [{story.state}] {story.headline}")
        verdict = {
            "publish": "would publish",
            "hold": "would hold for the desk",
            "reject": "would reject",
            "unplaced": "no rule matched: would wait on the desk",
        }[outcome]
        self.stdout.write(f"  decision: {verdict}")
        for hit in decision.placements:
            where = f"{hit.site}/{hit.section}" if hit.section else hit.site
            primary = ", primary" if hit.site == decision.primary_site else ""
            self.stdout.write(f"  place: {where} (rule {hit.rule!r}, score {hit.score}{primary})")
        for reason in decision.reasons:
            self.stdout.write(f"  why: {reason}")
