"""Writing export files atomically: a reader (or nginx) sees the old file or the new one,
never half of one (pure; no Django)."""

import hashlib
import os
from pathlib import Path

_made: set = set()


def digest(content: bytes) -> str:
    """The content hash the manifest keeps for a file."""
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary file beside ``path`` (named for this process, created
    exclusively), then rename it over ``path``."""
    folder = path.parent
    if folder not in _made:
        folder.mkdir(parents=True, exist_ok=True)
        _made.add(folder)
    temp = folder / f".{path.name}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(temp, flags, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def remove(path: Path, root: Path) -> bool:
    """Delete ``path`` and the folders it leaves empty (up to ``root``); False if absent."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    folder = path.parent
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            break
        _made.discard(folder)
        folder = folder.parent
    return True
