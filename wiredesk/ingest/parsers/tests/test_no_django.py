"""The parsing core is pure Python: importing it must not import Django."""

import subprocess
import sys

from .shared_data import REPO


def test_parsers_and_normalize_import_without_django():
    code = (
        "import sys; import wiredesk.ingest.parsers, wiredesk.ingest.normalize; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"Django imported: {done.stdout} {done.stderr}"
