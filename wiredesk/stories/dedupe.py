"""Near-duplicate detection with MinHash over word shingles (pure Python, no Django).

Two agencies' stories about one event share most of their word 3-shingles when one is
syndicated or lightly rewritten copy of the other. A MinHash signature estimates the Jaccard
similarity of two shingle sets; an LSH index finds candidate pairs without comparing every pair.
"""

import re
import unicodedata
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_SIZE = 3
SCHEME = "affine32"  # datasketch >= 2: stored signatures must name their scheme
DEFAULT_THRESHOLD = 0.5

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).lower()
    return _WORD.findall(folded)


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("<u8").tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(bytes(data), dtype="<u8").astype(np.uint64)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)


def similarity(a: MinHash, b: MinHash) -> float:
    return float(a.jaccard(b))


class NearDuplicateIndex:
    """An in-memory LSH index of signatures keyed by any hashable id."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key, minhash: MinHash) -> None:
        if key in self._signatures:
            self._lsh.remove(key)
        self._signatures[key] = minhash
        self._lsh.insert(key, minhash)

    def extend(self, pairs: Iterable[tuple]) -> None:
        for key, minhash in pairs:
            self.add(key, minhash)

    def matches(self, minhash: MinHash) -> list[tuple[object, float]]:
        """Keys whose estimated similarity reaches the threshold, most similar first."""
        found = []
        for key in self._lsh.query(minhash):
            score = similarity(minhash, self._signatures[key])
            if score >= self.threshold:
                found.append((key, score))
        return sorted(found, key=lambda pair: -pair[1])
