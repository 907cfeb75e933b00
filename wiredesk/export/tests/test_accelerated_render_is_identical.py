"""The export answers the publish queries from memory (``accelerate.py``); rendering with
that layer switched off gives the very same files."""

from pathlib import Path


def tree(out: Path) -> dict:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".wiredesk-export" not in p.parts
    }


def test_same_files_with_and_without_the_query_layer(demo_wire, export_into, tmp_path):
    from .helpers import add_story

    # a paginated section and an article shown in its own site's boxes, besides the demo
    for number in range(23):
        add_story("spacewar", f"Invented satellite alert {number}", "military-space", number)
    fast = tree(export_into(out=tmp_path / "fast").out)
    slow = tree(export_into(out=tmp_path / "slow", accelerate=False).out)
    assert fast.keys() == slow.keys()
    different = [name for name in fast if fast[name] != slow[name]]
    assert different == []
    assert "www.spacewar.com/section/military-space/page-2.html" in fast
