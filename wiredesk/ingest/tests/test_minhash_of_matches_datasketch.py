"""``prepare.minhash_of`` is a faster route to exactly the signature ``dedupe.signature``
gives with datasketch's own hashing, so stored fingerprints stay comparable."""

import pytest

from wiredesk.ingest.prepare import minhash_of
from wiredesk.stories import dedupe


@pytest.mark.parametrize(
    "text",
    [
        "",
        "one",
        "two words",
        "Troops fired on protesters in the capital on Sunday, witnesses said.",
        "Ünïcödé Ωmega façade — naïve café résumé " * 20,
    ],
)
def test_same_signature_as_datasketch(text):
    assert (minhash_of(text).hashvalues == dedupe.signature(text).hashvalues).all()
