"""A progress bar for long commands (rich), shown only on a terminal and for long runs."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

MIN_STEPS = 20


@contextmanager
def progress_bar(total: int, label: str, *, enabled: bool = True) -> Iterator[Callable[[], None]]:
    """Yield a function to call once per step; a no-op when the bar is not worth showing."""
    if not enabled or total < MIN_STEPS:
        yield lambda: None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)
