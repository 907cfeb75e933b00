"""``dedupe.signature`` is datasketch's affine32 MinHash of the shingle hashes, built faster."""

import numpy as np
import pytest
from datasketch import MinHash

from wiredesk.stories import dedupe

TEXTS = [
    "",
    "one",
    "two words",
    "Troops fired on protesters in the capital on Sunday, witnesses said.",
    "Ünïcödé Ωmega façade — naïve café résumé " * 20,
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_values_as_datasketch_fed_the_shingle_hashes(text):
    reference = MinHash(num_perm=dedupe.NUM_PERM, scheme=dedupe.SCHEME, hashfunc=int)
    reference.update_batch(dedupe.shingle_hashes(text).tolist())
    assert (dedupe.signature(text).hashvalues == reference.hashvalues).all()


def test_one_hash_per_shingle_and_the_same_shingle_the_same_hash():
    hashes = dedupe.shingle_hashes("a b c a b c")  # shingles: abc bca cab abc
    assert len(hashes) == 4 and hashes.dtype == np.uint32
    assert hashes[0] == hashes[3] and len(set(hashes.tolist())) == 3


def test_word_order_and_case_and_unicode_forms():
    assert not np.array_equal(dedupe.shingle_hashes("a b c"), dedupe.shingle_hashes("c b a"))
    assert np.array_equal(
        dedupe.shingle_hashes("Rocket LAUNCH delayed"),
        dedupe.shingle_hashes("rocket launch delayed"),
    )
    assert np.array_equal(dedupe.shingle_hashes("ﬁre crews"), dedupe.shingle_hashes("fire crews"))


def test_the_estimate_follows_the_shared_shingles():
    base = " ".join(f"word{n}" for n in range(200))
    edited = base.replace("word100", "changed")
    unrelated = " ".join(f"other{n}" for n in range(200))
    assert dedupe.similarity(dedupe.signature(base), dedupe.signature(base)) == 1.0
    assert dedupe.similarity(dedupe.signature(base), dedupe.signature(edited)) > 0.9
    assert dedupe.similarity(dedupe.signature(base), dedupe.signature(unrelated)) < 0.1
