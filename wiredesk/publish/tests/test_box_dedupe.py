"""No story twice on one page: each box takes its newest candidates not shown before it."""

import pytest

from wiredesk.publish.boxes import candidate_limits, select_unique


def test_article_itself_and_earlier_boxes_are_excluded():
    candidates = [[1, 2, 3, 4], [2, 3, 5, 6, 7], [1, 5, 8, 9, 10]]
    assert select_unique(candidates, [2, 2, 3], exclude=[1]) == [[2, 3], [5, 6], [8, 9, 10]]


def test_boxes_stay_full_when_enough_candidates_are_fetched():
    # every box has the same source: the second box must skip what the first one shows
    newest = list(range(1, 20))
    counts = [3, 3, 3]
    limits = candidate_limits(counts, reserved=1)
    chosen = select_unique([newest[:n] for n in limits], counts, exclude=[1])
    assert chosen == [[2, 3, 4], [5, 6, 7], [8, 9, 10]]


def test_short_candidate_lists_give_short_boxes():
    assert select_unique([[1], [1, 2]], [3, 3]) == [[1], [2]]


def test_order_of_candidates_is_kept():
    assert select_unique([[9, 3, 7]], [3]) == [[9, 3, 7]]


def test_key_gives_identity():
    items = [{"pk": 1}, {"pk": 2}, {"pk": 1}]
    chosen = select_unique([items], [3], exclude=[2], key=lambda item: item["pk"])
    assert chosen == [[{"pk": 1}]]


@pytest.mark.parametrize(
    ("counts", "reserved", "expected"),
    [([3, 3, 3, 3], 1, [4, 7, 10, 13]), ([1, 5], 0, [1, 6]), ([], 1, [])],
)
def test_candidate_limits(counts, reserved, expected):
    assert candidate_limits(counts, reserved) == expected


def test_lists_and_counts_must_match():
    with pytest.raises(ValueError):
        select_unique([[1]], [1, 2])
