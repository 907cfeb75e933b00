"""Starting Django and loading every URL does not import scikit-learn (about 1.5 s): only
training or a classifier in use does, so commands such as ``export`` start fast."""

import os
import subprocess
import sys

CHECK = """
import sys
import django
django.setup()
import wiredesk.urls  # every app's views, the desk's included
from django.urls import get_resolver
get_resolver().url_patterns
print(sorted(m for m in sys.modules if m.split('.')[0] in {'sklearn', 'joblib'}))
"""


def test_django_setup_and_urls_import_no_scikit_learn(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wiredesk.settings"}
    env["WIREDESK_DATA_DIR"] = str(tmp_path)
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
