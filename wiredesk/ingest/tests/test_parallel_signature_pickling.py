"""Worker processes send signatures as their hash values alone, and they arrive whole."""

import pickle

import numpy as np
from datasketch import MinHash

from wiredesk.ingest import parallel  # noqa: F401  (registers the compact pickling)
from wiredesk.stories import dedupe

TEXT = "Air Force test fires unarmed Minuteman III missile from California base on Tuesday"


def test_signature_travels_as_its_values():
    signature = dedupe.signature(TEXT)
    data = pickle.dumps(signature, protocol=pickle.HIGHEST_PROTOCOL)
    assert len(data) < 8 * dedupe.NUM_PERM + 200  # not the 2 KB of permutations as well
    copy = pickle.loads(data)
    assert np.array_equal(copy.hashvalues, signature.hashvalues)
    assert copy.permutations is dedupe._permutations()
    assert copy.jaccard(dedupe.signature(TEXT)) == 1.0


def test_other_minhashes_keep_their_own_permutations():
    other = MinHash(num_perm=64, seed=3)
    other.update(b"word")
    copy = pickle.loads(pickle.dumps(other, protocol=pickle.HIGHEST_PROTOCOL))
    assert np.array_equal(copy.hashvalues, other.hashvalues)
    assert np.array_equal(copy.permutations, other.permutations)
