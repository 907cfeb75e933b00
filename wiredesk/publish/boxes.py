"""No story twice on one page: pick each list's headlines from its candidates, in page order.

Pure functions (no Django), shared by the article page's headline boxes and the front page.
"""

from collections.abc import Callable, Hashable, Iterable, Sequence


def candidate_limits(counts: Sequence[int], reserved: int = 1) -> list[int]:
    """How many candidates to fetch for each list so that it can stay full.

    A list can lose at most the ``reserved`` items already on the page (the article itself)
    plus everything the lists before it show, so it needs that many more than its own count.
    """
    limits = []
    shown_before = reserved
    for count in counts:
        limits.append(count + shown_before)
        shown_before += count
    return limits


def select_unique(
    candidate_lists: Iterable[Iterable],
    counts: Iterable[int],
    exclude: Iterable[Hashable] = (),
    key: Callable[[object], Hashable] = lambda item: item,
) -> list[list]:
    """For each list in page order, its first ``count`` candidates not yet on the page.

    ``exclude`` holds the keys already shown (the article's own story); ``key`` gives an
    item's identity (a story's ``pk``). Candidates keep their order (newest first).
    """
    seen = set(exclude)
    selection = []
    for candidates, count in zip(candidate_lists, counts, strict=True):
        chosen = []
        for item in candidates:
            if len(chosen) >= count:
                break
            identity = key(item)
            if identity in seen:
                continue
            seen.add(identity)
            chosen.append(item)
        selection.append(chosen)
    return selection
