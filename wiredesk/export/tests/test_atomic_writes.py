"""Files are replaced atomically: a failed write leaves the old file whole and no scraps."""

import pytest

from wiredesk.export import writer


def test_write_replaces_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "a" / "b.html"
    writer.write_atomic(path, b"one")
    writer.write_atomic(path, b"two")
    assert path.read_bytes() == b"two"
    assert [p.name for p in path.parent.iterdir()] == ["b.html"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "page.html"
    writer.write_atomic(path, b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(writer.os, "replace", broken_replace)
    with pytest.raises(OSError):
        writer.write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_remove_prunes_empty_folders(tmp_path):
    path = tmp_path / "x" / "y" / "z.html"
    writer.write_atomic(path, b"z")
    assert writer.remove(path, tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert not writer.remove(path, tmp_path)
