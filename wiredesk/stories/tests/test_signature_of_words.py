"""A signature made from words already found, or from the empty MinHash's state, is the
MinHash the constructor makes: the same values, type, permutations and pickle."""

import pickle

import numpy as np
from datasketch import MinHash

from wiredesk.stories import dedupe

TEXTS = ["", "one", "two words", "Troops fired on protesters on Sunday.", "Ünïcödé ﬁre " * 30]


def _constructed(text: str) -> MinHash:
    """The signature as the MinHash constructor builds it."""
    minhash = MinHash(num_perm=dedupe.NUM_PERM, scheme=dedupe.SCHEME)
    hashes = dedupe.shingle_hashes(text)
    if len(hashes):
        a, b = minhash.permutations
        permuted = dedupe._fmix32(hashes)[:, np.newaxis] * a + b
        minhash.hashvalues = np.minimum(minhash.hashvalues, permuted.min(axis=0))
    return minhash


def test_same_minhash_as_the_constructor():
    for text in TEXTS:
        made, reference = dedupe.signature(text), _constructed(text)
        assert type(made) is MinHash
        assert made.hashvalues.dtype == reference.hashvalues.dtype
        assert (made.hashvalues == reference.hashvalues).all()
        assert (made.permutations == reference.permutations).all()
        assert made.jaccard(reference) == 1.0
        assert pickle.loads(pickle.dumps(made)).hashvalues.tolist() == made.hashvalues.tolist()
        assert dedupe.signature_of_words(dedupe.words(text)).hashvalues.tolist() == (
            made.hashvalues.tolist()
        )


def test_signatures_share_the_permutations_but_not_the_values():
    one, two = dedupe.signature("a b c d"), dedupe.signature("")
    assert one.permutations is two.permutations is dedupe._permutations()
    empty = dedupe.signature("")
    empty.hashvalues[0] = 0  # another empty signature must not see this
    assert dedupe.signature("").hashvalues[0] == np.iinfo(np.uint32).max
    one.update(b"x")  # datasketch's own methods still work on it
