"""Settings for the test suite: the real settings, with a throwaway data dir and a local cache.

Tests must not share state through the developer's ./wiredesk-data or a file cache that
outlives a test database.
"""

import os
import tempfile

os.environ.setdefault("WIREDESK_DATA_DIR", tempfile.mkdtemp(prefix="wiredesk-test-"))

from wiredesk.settings import *  # noqa: E402,F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
