"""MinHash near-duplicate detection finds rewrites and leaves distinct stories apart."""

from wiredesk.stories import dedupe

BASE = (
    "Engineers at the orbital test range completed the third hot fire of the new upper stage "
    "engine on Tuesday, running it for four hundred seconds at full thrust. The team said the "
    "burn met every target and that the next step is a qualification campaign early next year. "
    "Program managers expect a first flight within eighteen months if funding holds."
)
REWRITE = (
    "A new upper stage engine passed a major milestone this week. Engineers at the orbital test "
    "range completed the third hot fire of the new upper stage engine on Tuesday, running it for "
    "four hundred seconds at full thrust. The team said the burn met every target and that the "
    "next step is a qualification campaign early next year. Program managers expect a first flight "
    "within eighteen months if funding holds."
)
OTHER = (
    "Farmers in the river delta reported the driest autumn in forty years as reservoirs fell "
    "below a third of capacity. Regional officials announced water quotas for irrigation and "
    "promised compensation for growers who leave fields fallow until the spring rains return."
)


def test_rewrite_is_found_and_other_story_is_not():
    index = dedupe.NearDuplicateIndex()
    index.add("base", dedupe.signature(BASE))
    index.add("other", dedupe.signature(OTHER))
    found = index.matches(dedupe.signature(REWRITE))
    assert [key for key, _ in found] == ["base"]
    assert found[0][1] > 0.7


def test_signature_round_trips_through_bytes():
    sig = dedupe.signature(BASE)
    restored = dedupe.from_bytes(dedupe.to_bytes(sig))
    assert dedupe.similarity(sig, restored) == 1.0


def test_empty_text_has_no_matches():
    index = dedupe.NearDuplicateIndex()
    index.add("base", dedupe.signature(BASE))
    assert index.matches(dedupe.signature("")) == []
