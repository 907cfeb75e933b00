"""The near-duplicate index finds exactly the candidates datasketch's MinHashLSH finds."""

import random

from datasketch import MinHashLSH

from wiredesk.stories import dedupe

WORDS = "rocket launch orbit crew station lunar module engine test flight satellite".split()


def _texts(count: int, seed: int = 7) -> list[str]:
    chance = random.Random(seed)
    base = [" ".join(chance.choices(WORDS, k=60)) for _ in range(count // 2)]
    # every second text is a light rewrite of one before it, so there are real matches
    rewrites = [
        " ".join(w if chance.random() > 0.15 else chance.choice(WORDS) for w in text.split())
        for text in base
    ]
    return base + rewrites


def test_candidates_and_matches_are_datasketch_s():
    texts = _texts(200)
    signatures = [dedupe.signature(text) for text in texts]
    index = dedupe.NearDuplicateIndex()
    reference = MinHashLSH(threshold=index.threshold, num_perm=dedupe.NUM_PERM)
    for key, signature in enumerate(signatures[:150]):
        index.add(key, signature)
        reference.insert(key, signature)
    found = 0
    for signature in signatures:
        assert index.candidates(signature) == set(reference.query(signature))
        found += bool(index.matches(signature))
    assert found >= 150  # the stored ones find themselves, rewrites their originals


def test_adding_a_key_again_replaces_its_signature():
    first, second = dedupe.signature("alpha beta gamma delta"), dedupe.signature("one two three")
    index = dedupe.NearDuplicateIndex()
    index.add("story", first)
    index.add("story", second)
    assert len(index) == 1
    assert index.candidates(first) == set()
    assert index.candidates(second) == {"story"}
