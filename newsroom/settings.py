"""Newsroom settings: one file, configured by environment variables.

DATABASE_URL  default: SQLite file var/db.sqlite3 (postgres://... uses psycopg)
SECRET_KEY    required when NEWSROOM_ENV=production (50+ characters, 5+ distinct ones);
              otherwise read from var/secret_key, which manage.py writes on its first run
DEBUG         "1"/"0"; defaults to on outside production
ALLOWED_HOSTS comma-separated; `testserver` is only added outside production
REDIS_URL     when set, the cache and the job queue (RQ) live in Redis; otherwise the cache
              is in local memory and jobs queue in the database
Importing this module reads the environment and var/secret_key and writes nothing: the var/
folder and the development key are made by newsroom/var.py's prepare(), when manage.py or
the WSGI/ASGI application starts.
Production also reads SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS,
SECURE_HSTS_PRELOAD and TRUSTED_PROXIES; the login throttle reads LOGIN_FAILURE_LIMIT,
LOGIN_IP_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES (see README, Configuration).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from newsroom import var
from newsroom.media_storage import media_storage

BASE_DIR = var.BASE_DIR
VAR_DIR = var.VAR_DIR

ENVIRONMENT = os.environ.get("NEWSROOM_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"


def _env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name, default):
    value = os.environ.get(name)
    return default if value is None or value.strip() == "" else int(value)


# Django's own deploy check (security.W009) calls a key weak below these; production refuses
# to start with one rather than sign sessions and password-reset links with it.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def _check_secret_key_strength(key):
    if (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for NEWSROOM_ENV=production: it needs at least "
            f"{SECRET_KEY_MIN_LENGTH} characters, {SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them "
            f"different, and no 'django-insecure-' prefix (this one has {len(key)} characters, "
            f"{len(set(key))} different). Generate one with: "
            f'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )


def _secret_key():
    key = os.environ.get("SECRET_KEY")
    if key:
        if PRODUCTION:
            _check_secret_key_strength(key)
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when NEWSROOM_ENV=production.")
    # Empty before the first `manage.py` run: Django then refuses to sign anything
    # ("The SECRET_KEY setting must not be empty") rather than use a made-up key.
    return var.development_secret_key()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
]
# Django's test client sends Host: testserver; a production site has no business answering it.
ALLOWED_HOSTS = [h for h in ALLOWED_HOSTS if h and h != "testserver"]
if not PRODUCTION:
    ALLOWED_HOSTS.append("testserver")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "taggit",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Background jobs (Django's Tasks API, the django-tasks backport): the database backend
    # is always installed (its table is the embedded queue), RQ only with REDIS_URL.
    "django_tasks",
    "newsroom.apps.TasksDatabaseConfig",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        # Persistent connections: a new PostgreSQL connection per request costs more than
        # rendering most pages.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an import writes; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue (busy timeout) instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
    CACHES["site_version"] = CACHES["default"]
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The public pages' version token (articles/cache.py) must be shared by every
        # server process, so an edit saved in one invalidates the pages of all of them.
        "site_version": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "site_version"),
            # One small entry per surrogate key in use (articles/site/cache.py).
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
CACHE_SECONDS = int(os.environ.get("CACHE_SECONDS", "600"))
# What public pages tell browsers (max-age) and shared caches, CDNs or a reverse proxy
# (s-maxage: they are purged on change when NEWSROOM_PURGE_BACKENDS is set), and how long
# either may serve a stale copy while fetching a new one.
CACHE_MAX_AGE = _env_int("CACHE_MAX_AGE", 30)
CACHE_S_MAXAGE = _env_int("CACHE_S_MAXAGE", 600)
CACHE_STALE_WHILE_REVALIDATE = _env_int("CACHE_STALE_WHILE_REVALIDATE", 30)
# Front-end caches purged after each change (articles/site/purge.py), off by default.
# NEWSROOM_PURGE_URLS: comma-separated; http(s)://host:port of a Varnish or nginx
# (PURGE/BAN), cloudflare+https://api…/zones/<zone> or fastly+https://api…/service/<id>
# (with NEWSROOM_PURGE_TOKEN as their API token).
NEWSROOM_PURGE_BACKENDS = [
    url.strip() for url in os.environ.get("NEWSROOM_PURGE_URLS", "").split(",") if url.strip()
]
NEWSROOM_PURGE_TOKEN = os.environ.get("NEWSROOM_PURGE_TOKEN", "")

# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Tags as an Arabic desk types them: «،» separates, quote marks are dropped, order kept.
TAGGIT_TAGS_FROM_STRING = "articles.text.tags.parse_tags"
TAGGIT_STRING_FROM_TAGS = "articles.text.tags.edit_string"

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية")]
TIME_ZONE = "Asia/Baghdad"
USE_I18N = True
USE_TZ = True
# The project's Arabic catalogue (plural forms, and better wording for Django's, taggit's
# and simple-history's strings) comes first; `make` compiles it (manage.py compilepo).
LOCALE_PATHS = [BASE_DIR / "locale"]
# Arabic date order («1 ديسمبر 2026، 08:12») for {{ |date }} and the admin.
FORMAT_MODULE_PATH = ["newsroom.formats"]

STATIC_URL = "static/"
STATIC_ROOT = var.STATIC_ROOT
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves CSS with DEBUG off too (gunicorn, production) without a separate web
# server; finders let it serve straight from static/ when collectstatic has not run.
WHITENOISE_USE_FINDERS = True

# Uploaded photos and their renditions (Django's default storage). `make run` serves them
# (DEBUG); in production the web server does (README, "Photos").
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")
# S3-compatible object storage instead when AWS_STORAGE_BUCKET_NAME is set (README).
_media_storage, MEDIA_ORIGINS = media_storage(os.environ)
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(15 * 1024 * 1024)))
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", "40000000"))

LOGIN_URL = "admin:login"

SITE_NAME = "نيوزروم"
# The canonical address: every absolute link readers and crawlers get (feeds, sitemaps,
# robots.txt, canonical tags) is built on it, never on the request's Host header.
SITE_URL = os.environ.get("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "SITE_URL must be set to the site's public https:// address when "
        "NEWSROOM_ENV=production (e.g. SITE_URL=https://news.example): feeds, sitemaps "
        "and canonical links are built on it."
    )

# Import limits: a page larger than this is refused rather than parsed.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
# An import job (admin upload, ingest API): at most this many files, this many bytes in all.
IMPORT_JOB_MAX_FILES = _env_int("IMPORT_JOB_MAX_FILES", 200)
IMPORT_JOB_MAX_BYTES = _env_int("IMPORT_JOB_MAX_BYTES", 32 * 1024 * 1024)
# Django refuses a request with more files than this before any view runs: one over the
# job's limit, so the view can answer with the job's own message naming the limit.
DATA_UPLOAD_MAX_NUMBER_FILES = IMPORT_JOB_MAX_FILES + 1
# A running job holds a lease it renews after every batch of files; a job whose lease has
# run out (its worker was killed) is queued again by any worker (articles/jobs/).
IMPORT_JOB_LEASE_SECONDS = _env_int("IMPORT_JOB_LEASE_SECONDS", 120)
IMPORT_JOB_MAX_ATTEMPTS = _env_int("IMPORT_JOB_MAX_ATTEMPTS", 3)
# Files written per transaction by a job (each batch commits with its files' results).
IMPORT_JOB_BATCH_FILES = _env_int("IMPORT_JOB_BATCH_FILES", 20)

# Background jobs through Django's Tasks API. Embedded default: the queue is a table of the
# site's database and `manage.py run_jobs` (started by `make run`/`make serve`) works it.
# With REDIS_URL: RQ on Redis, so workers on other machines share the queue.
# JOBS_QUEUE names the queue: two sites sharing one Redis keep their jobs apart by it.
JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "default")
if os.environ.get("REDIS_URL"):
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {JOBS_QUEUE: {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": 3600}}
    RQ_SHOW_ADMIN_LINK = False  # an English dashboard; «مهام الاستيراد» shows the jobs
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [JOBS_QUEUE]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": [JOBS_QUEUE]}}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The site runs behind a TLS-terminating proxy that sets X-Forwarded-Proto (and must strip
    # it from what clients send); plain HTTP is redirected and browsers told to stay on HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    # The load balancer asks over plain HTTP, behind the TLS proxy or beside it.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy in every environment, so the browser tests see the real policy.
# Only the site's own files may run or style anything: no inline script or style (the admin's
# own inline <style> carries the per-request nonce), no plug-ins, no framing, forms post home.
# The story page's JSON-LD is a data block, which script-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling (django-axes). Failures count per (username, address) pair: five wrong
# passwords for one account from one address lock that pair out for the cool-off, so an
# attacker guessing from outside cannot lock the desk's editors out of their own accounts
# (a username-only lockout would let anyone do that). An address is also locked, whatever
# username it tries, after LOGIN_IP_FAILURE_LIMIT failures: set higher than the per-account
# limit because a newsroom's staff often share one office address. A successful login clears
# that pair's count. Unlock: `manage.py axes_reset_username <user>`, `axes_reset_ip <address>`,
# `axes_reset`, or delete the entry under «محاولات الدخول» › «محاولات دخول» in the admin.
AXES_FAILURE_LIMIT = _env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_IP_FAILURE_LIMIT = _env_int("LOGIN_IP_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = "newsroom.login_throttle.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
# Every failed login stays listed in the admin (with address and time) after an unlock.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "newsroom.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.login_throttle.client_ip"
# How many proxies in front of the site append to X-Forwarded-For: the client's address is
# the one the outermost of them saw. One in production (the TLS proxy), none in development.
TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 1 if PRODUCTION else 0)

# The read API (articles/api/, /api/v1/): anonymous readers get public content only; an
# API token (or an admin session) acts with its user's admin rights. Read-only for now.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "articles.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The OpenAPI schema (/api/v1/schema/) and its doc page (/api/v1/docs/), with Swagger UI
# served from our own static files (drf-spectacular-sidecar): the CSP allows nothing else.
SPECTACULAR_SETTINGS = {
    "TITLE": "الواجهة البرمجية لنيوزروم",
    "DESCRIPTION": (
        "قصص نيوزروم بصيغة IPTC ninjs 2.1، والأشخاص والأماكن والمصادر والوسوم والأقسام. "
        "بلا مفتاح: المنشور فقط. مع مفتاح (الترويسة «Authorization: Token <المفتاح>»، "
        "يُنشأ في الإدارة تحت «مفاتيح الواجهة البرمجية»): ما يراه صاحبه في الإدارة."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "LocationKindEnum": "articles.models.LocationKind",
        "SourceKindEnum": "articles.models.SourceKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
