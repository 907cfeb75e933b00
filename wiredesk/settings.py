"""Django settings for wiredesk, read from the environment.

With nothing set, wiredesk keeps everything (SQLite database, file cache, exports) in the data
directory ``$WIREDESK_DATA_DIR`` (default ``./wiredesk-data``). Production deployments set
``DATABASE_URL``, ``CACHE_URL``, ``SECRET_KEY``, ``WIREDESK_DEBUG=0`` and ``ALLOWED_HOSTS``.
See docs/configuration.md for every setting.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("WIREDESK_DATA_DIR", "wiredesk-data")).expanduser().resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


DEBUG = env_bool("WIREDESK_DEBUG", False)
PRODUCTION = env_bool("WIREDESK_PRODUCTION", False)
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "wiredesk-insecure-development-key-change-me-in-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["*"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django_tasks",
    "django_tasks_db",
    "wiredesk.network",
    "wiredesk.ingest",
    "wiredesk.stories",
    "wiredesk.routing",
    "wiredesk.desk",
    "wiredesk.publish",
    "wiredesk.search",
    "wiredesk.export",
    "wiredesk.core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wiredesk.publish.caching.PageCacheMiddleware",  # a hit skips everything below
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wiredesk.network.middleware.NetworkSiteMiddleware",
]

ROOT_URLCONF = "wiredesk.urls"
WSGI_APPLICATION = "wiredesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "wiredesk.publish.jinja.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://..., sqlite:///...), else SQLite in WAL mode in the data dir.
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
        " PRAGMA foreign_keys=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
}
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "wiredesk.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }

# Cache: CACHE_URL (redis://..., locmem://, dummy://), else a file cache in the data dir.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("WIREDESK_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Search (docs/search.md): backends by alias, as in Wagtail; "default" answers each site's search
# page. The database backend picks SQLite FTS5 or PostgreSQL full-text search from the database.
SEARCH_BACKENDS = {
    "default": {"BACKEND": "wiredesk.search.backends.database"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = None  # the site comes from the request's host (wiredesk.network.middleware)
LOGIN_URL = "/desk/login/"
LOGIN_REDIRECT_URL = "/desk/"

# Security: secure by default in production (WIREDESK_PRODUCTION=1, served over HTTPS).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("WIREDESK_SESSION_SECONDS", str(12 * 3600)))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("WIREDESK_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("WIREDESK_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# wiredesk's own settings
WIREDESK_DEV_HOST_SUFFIX = os.environ.get("WIREDESK_DEV_HOST_SUFFIX", "localhost")
WIREDESK_ALLOW_PRIVATE_FETCH = env_bool("WIREDESK_ALLOW_PRIVATE_FETCH", False)
# the page cache (wiredesk/publish/caching.py; docs/api.md)
WIREDESK_PAGE_CACHE = env_bool("WIREDESK_PAGE_CACHE", True)
WIREDESK_PAGE_CACHE_SECONDS = int(os.environ.get("WIREDESK_PAGE_CACHE_SECONDS", "600"))
WIREDESK_PAGE_MAX_AGE = int(os.environ.get("WIREDESK_PAGE_MAX_AGE", "60"))
WIREDESK_PAGE_CACHE_EXCLUDE = env_list("WIREDESK_PAGE_CACHE_EXCLUDE", [])
# retrain the routing classifier after this many editor decisions on the desk (0: never)
WIREDESK_RETRAIN_EVERY = int(os.environ.get("WIREDESK_RETRAIN_EVERY", "20"))
# the archive's address: /yesterday/ and /yesterday/<site>-YYYY-MM-DD.html
WIREDESK_ARCHIVE_PATH = os.environ.get("WIREDESK_ARCHIVE_PATH", "yesterday")
# the desk's login rate limit: failures per address and user name within the window (seconds)
WIREDESK_LOGIN_ATTEMPTS = int(os.environ.get("WIREDESK_LOGIN_ATTEMPTS", "5"))
WIREDESK_LOGIN_WINDOW = int(os.environ.get("WIREDESK_LOGIN_WINDOW", "900"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WIREDESK_LOG_LEVEL", "WARNING")},
}
