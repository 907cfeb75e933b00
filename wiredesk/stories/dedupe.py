"""Near-duplicate detection with MinHash over word shingles (pure Python, no Django).

Two agencies' stories about one event share most of their word 3-shingles when one is
syndicated or lightly rewritten copy of the other. A MinHash signature estimates the Jaccard
similarity of two shingle sets; an LSH index finds candidate pairs without comparing every pair.
"""

import re
import unicodedata
import zlib
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
    """The text's word shingles as strings (for reading; signatures hash them as numbers)."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


# -- signatures -----------------------------------------------------------------------------
# A shingle's 32-bit hash is computed from its words' hashes with numpy, all shingles of a
# text at once: each word is hashed once (CRC-32, remembered per process), the words of a
# shingle are multiplied by per-position odd constants and xor-ed, and the 64 bits folded to
# 32. The MinHash that follows is datasketch's ``affine32`` scheme unchanged (MurmurHash3's
# finaliser, then ``a*h + b mod 2**32`` for each of the 128 permutations, minimum over the
# shingles). Hashing every shingle string with SHA-1 in Python, datasketch's default, made
# the signature the costliest step of preparing an item.

_POSITION = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5][:SHINGLE_SIZE],
    dtype=np.uint64,
)
_LOW32 = np.uint64(0xFFFFFFFF)
_WORD_HASHES: dict[str, int] = {}
_MAX_REMEMBERED_WORDS = 500_000


def _word_hash(word: str) -> int:
    if len(_WORD_HASHES) >= _MAX_REMEMBERED_WORDS:
        _WORD_HASHES.clear()
    value = _WORD_HASHES[word] = zlib.crc32(word.encode("utf-8")) | 1 << 32  # never 0
    return value


def shingle_hashes(text: str, size: int = SHINGLE_SIZE) -> np.ndarray:
    """A 32-bit hash for each word shingle of ``text`` (repeats included), as uint32."""
    return _hashes_of_words(words(text), size)


def _hashes_of_words(tokens: list[str], size: int = SHINGLE_SIZE) -> np.ndarray:
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    found = list(map(_WORD_HASHES.get, tokens))
    if None in found:
        found = [value or _word_hash(token) for value, token in zip(found, tokens, strict=True)]
    hashes = np.array(found, dtype=np.uint64)
    if len(hashes) < size:  # a text shorter than one shingle is one shingle
        combined = np.bitwise_xor.reduce(hashes * _POSITION[: len(hashes)]).reshape(1)
    else:
        count = len(hashes) - size + 1
        combined = hashes[:count] * _POSITION[0]
        for position in range(1, size):
            combined ^= hashes[position : position + count] * _POSITION[position]
    return ((combined >> np.uint64(32)) ^ combined & _LOW32).astype(np.uint32)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, element-wise (what datasketch's affine32 applies)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


_EMPTY: MinHash | None = None


def _empty() -> MinHash:
    """A MinHash of nothing, its permutations drawn from the seed once (not for every
    signature)."""
    global _EMPTY
    if _EMPTY is None:
        _EMPTY = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    return _EMPTY


def _permutations():
    return _empty().permutations


def signature(text: str) -> MinHash:
    """The MinHash of ``text``'s word shingles."""
    return signature_of_words(words(text))


def signature_of_words(tokens: list[str]) -> MinHash:
    """The MinHash of the word shingles of ``tokens``, which must be :func:`words` of a
    text (for a caller that needs the words for something else too).

    The MinHash is made as unpickling makes one, from the empty one's state with new hash
    values: its constructor checks the shared permutations again each time, which cost
    a tenth of a signature.
    """
    empty = _empty()
    minhash = MinHash.__new__(MinHash)
    minhash.__setstate__(empty.__getstate__())
    hashes = _hashes_of_words(tokens)
    if len(hashes):
        a, b = empty.permutations
        # the empty MinHash holds the largest value there is in every place, so the minimum
        # over the shingles alone is the signature
        minhash.hashvalues = (_fmix32(hashes)[:, np.newaxis] * a + b).min(axis=0)
    else:
        minhash.hashvalues = empty.hashvalues.copy()
    return minhash


def from_signature_bytes(data: bytes) -> MinHash:
    """A signature back from :func:`to_bytes`, with the shared permutations (built as
    :func:`signature_of_words` builds one, without the constructor's checks)."""
    values = np.frombuffer(bytes(data), dtype="<u8").astype(np.uint64)
    if len(values) != NUM_PERM:  # stored with other settings: its own permutations
        return from_bytes(data)
    empty = _empty()
    minhash = MinHash.__new__(MinHash)
    minhash.__setstate__(empty.__getstate__())
    minhash.hashvalues = values
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("<u8").tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(bytes(data), dtype="<u8").astype(np.uint64)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)


def similarity(a: MinHash, b: MinHash) -> float:
    return float(a.jaccard(b))


_BANDS: dict[float, tuple[int, int]] = {}


def bands_for(threshold: float) -> tuple[int, int]:
    """``(bands, rows per band)`` for ``threshold``: the parameters datasketch's
    ``MinHashLSH`` picks (by numerical integration, about a tenth of a second, so once per
    threshold and process)."""
    if threshold not in _BANDS:
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        _BANDS[threshold] = (lsh.b, lsh.r)
    return _BANDS[threshold]


class NearDuplicateIndex:
    """An in-memory LSH index of signatures keyed by any hashable id.

    The banding is datasketch's ``MinHashLSH`` (the same bands and rows for the threshold, so
    the same candidates); the tables are plain dicts keyed by each band's bytes, cut from the
    signature in one numpy reshape, which costs a tenth of ``MinHashLSH.insert`` (it swaps
    the bytes of every band in a Python loop) on the ingest path, where every stored story is
    looked up and added.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD):
        self.threshold = threshold
        self._bands, self._rows = bands_for(threshold)
        self._tables: list[dict[bytes, set]] = [{} for _ in range(self._bands)]
        self._signatures: dict = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key) -> bool:
        return key in self._signatures

    def _keys(self, minhash: MinHash) -> list[bytes]:
        values = minhash.hashvalues[: self._bands * self._rows].astype(np.uint64, copy=False)
        return [band.tobytes() for band in values.reshape(self._bands, self._rows)]

    def add(self, key, minhash: MinHash) -> None:
        if key in self._signatures:
            self._remove(key)
        self._signatures[key] = minhash
        for table, band in zip(self._tables, self._keys(minhash), strict=True):
            table.setdefault(band, set()).add(key)

    def _remove(self, key) -> None:
        old = self._signatures.pop(key)
        for table, band in zip(self._tables, self._keys(old), strict=True):
            keys = table.get(band)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del table[band]

    def extend(self, pairs: Iterable[tuple]) -> None:
        for key, minhash in pairs:
            self.add(key, minhash)

    def candidates(self, minhash: MinHash) -> set:
        """Keys that share at least one band with ``minhash``."""
        found: set = set()
        for table, band in zip(self._tables, self._keys(minhash), strict=True):
            keys = table.get(band)
            if keys:
                found |= keys
        return found

    def matches(self, minhash: MinHash) -> list[tuple[object, float]]:
        """Keys whose estimated similarity reaches the threshold, most similar first."""
        found = []
        for key in self.candidates(minhash):
            score = similarity(minhash, self._signatures[key])
            if score >= self.threshold:
                found.append((key, score))
        return sorted(found, key=lambda pair: -pair[1])
