"""Settings for ourplanet, read from the environment with development defaults.

Every variable is documented in README.md ("Configuration"). Production-only values
switch on DEBUG being off.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "The SECRET_KEY environment variable is required when DEBUG is off. "
            "Set SECRET_KEY to a long random string (or DEBUG=1 for local development)."
        )
    SECRET_KEY = "development-only-key-never-used-when-debug-is-off"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "ourplanet.apps.OurPlanetAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "ourplanet.apps.TagsConfig",
    "reversion",
    "django_tasks",
    "ourplanet.apps.TaskResultsConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "content_warnings",
    "articles",
]

MIDDLEWARE = [
    "ourplanet.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ourplanet.security_headers.ContentSecurityPolicyMiddleware",
    "ourplanet.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above sessions, CSRF and auth: it must see every cookie they set (articles/page_cache.py).
    "articles.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ourplanet.text_input.CleanQueryStringMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ourplanet.urls"

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
                "ourplanet.context_processors.publication",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "ourplanet.wsgi.application"
ASGI_APPLICATION = "ourplanet.asgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "ourplanet",
        }
    }
else:
    # One process's memory: right for `make run`. Several app processes must share a cache
    # (REDIS_URL), or a change made through one would not reach the pages cached by another.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Sessions: in the database, which every app server shares. With Redis they are also
# cached there (cached_db), so reading one costs no query, yet a Redis restart or eviction
# logs nobody out. Without Redis they are not cached: a per-process cache could still hold
# a session another process has ended.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)

# django-axes refuses a sign-in while its username and address are locked out; the model
# backend then checks the password.
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

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static files behind a CDN: CDN_URL=https://cdn.example.org makes pages link to
# https://cdn.example.org/static/…, and the CDN fetches them from this site's /static/
# (whitenoise serves that path whatever host STATIC_URL names). STATIC_URL overrides all.
CDN_URL = os.environ.get("CDN_URL", "").rstrip("/")
STATIC_URL = os.environ.get("STATIC_URL") or f"{CDN_URL}/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Media on S3-compatible object storage when MEDIA_BUCKET is set (django-storages), so
# every app server reads and writes the same files; local disk otherwise. Originals stay
# private and are only reached through signed URLs that expire; renditions (the resized,
# stripped copies pages show) are public under renditions/, ready for a CDN
# (MEDIA_PUBLIC_DOMAIN). `python manage.py prepare_media_bucket` sets the bucket up.
MEDIA_BUCKET = os.environ.get("MEDIA_BUCKET", "")
MEDIA_SIGNED_URL_MAX_AGE = env_int("MEDIA_SIGNED_URL_MAX_AGE", 60 * 60)
STATICFILES_BACKEND = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if not DEBUG
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
if MEDIA_BUCKET:
    from botocore.config import Config as BotoConfig

    MEDIA_S3_OPTIONS = {
        "bucket_name": MEDIA_BUCKET,
        "endpoint_url": os.environ.get("MEDIA_ENDPOINT_URL") or None,
        "region_name": os.environ.get("MEDIA_REGION") or None,
        "access_key": os.environ.get("MEDIA_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("MEDIA_SECRET_ACCESS_KEY") or None,
        # A self-hosted server is addressed as endpoint/bucket/key.
        "addressing_style": "path" if os.environ.get("MEDIA_ENDPOINT_URL") else None,
        "signature_version": "s3v4",
        # Fail fast (a health check must answer while the load balancer still waits).
        "client_config": BotoConfig(connect_timeout=3, read_timeout=10, retries={"max_attempts": 2}),
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **MEDIA_S3_OPTIONS,
                "querystring_auth": True,
                "querystring_expire": MEDIA_SIGNED_URL_MAX_AGE,
                "file_overwrite": False,
            },
        },
        "renditions": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **MEDIA_S3_OPTIONS,
                "querystring_auth": False,
                "custom_domain": os.environ.get("MEDIA_PUBLIC_DOMAIN") or None,
            },
        },
        "staticfiles": {"BACKEND": STATICFILES_BACKEND},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "renditions": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": STATICFILES_BACKEND},
    }
# Serve uploaded media from Django itself. Right for one machine; with object storage (or
# a web server in front) set SERVE_MEDIA=0 and let the storage answer.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not MEDIA_BUCKET)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Work done outside the request (django-tasks, the backport of Django 6's task framework).
# Tasks live in articles/tasks.py. "immediate" runs a task at once in the process that
# queued it, so `make run` needs no worker; "database" queues it in the database for
# `python manage.py db_worker` (production, several app servers).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# How often a failing task is tried in all, and how long to wait between tries.
TASK_ATTEMPTS = env_int("TASK_ATTEMPTS", 3)
TASK_RETRY_DELAY = env_int("TASK_RETRY_DELAY", 30)

# Email
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ourplanet <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Image uploads: limits checked before Pillow decodes anything large.
IMAGE_MAX_UPLOAD_BYTES = env_int("IMAGE_MAX_UPLOAD_BYTES", 15 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
IMAGE_RENDITION_WIDTHS = (480, 960, 1600)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

PUBLICATION_NAME = os.environ.get("PUBLICATION_NAME", "ourplanet")
PUBLICATION_TAGLINE = "Documentary and TV series, episode by episode — with warnings you control."
ARTICLES_PER_PAGE = 12

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "articles.tag_names.parse_tags"

# Signing in (README, "Security"). After LOGIN_FAILURE_LIMIT failed attempts for one username
# from one address, that pair is locked out for LOGIN_LOCKOUT_MINUTES; other people and other
# addresses are not. A successful sign-in clears the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# Behind a load balancer or reverse proxy: how many of them append to X-Forwarded-For, so the
# lockout and the readers' report limit count each client, not the proxy (client_address.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "ourplanet.client_address.client_address"
WARNINGS_CLIENT_ADDRESS = "ourplanet.client_address.client_address"
# Two-factor sign-in (django-otp, TOTP): anyone on the staff may set it up; with REQUIRE_2FA
# on, superusers must.
REQUIRE_2FA = env_bool("REQUIRE_2FA")
OTP_TOTP_ISSUER = PUBLICATION_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Limits on what one request may ask of the server (README, "Security").
QUERY_PARAMETER_MAX_LENGTH = 1000
ARTICLE_BODY_MAX_LENGTH = env_int("ARTICLE_BODY_MAX_LENGTH", 200_000)  # characters of Markdown
ARTICLE_RENDERED_MAX_RATIO = 10  # a body's page at most ten times its text…
ARTICLE_RENDERED_MIN_ALLOWANCE = 1024 * 1024  # …or 1 MB, whichever is more
PREVIEWS_PER_MINUTE = env_int("PREVIEWS_PER_MINUTE", 30)  # live previews, per editor
AUTOSAVES_PER_MINUTE = env_int("AUTOSAVES_PER_MINUTE", 20)  # autosaves, per editor
ARTICLE_DIFF_DETAIL_MAX_LENGTH = 20_000  # longer fields are compared by lines, not by words

# Production hardening: on whenever DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a commitment to HTTPS on every subdomain; SECURE_HSTS_PRELOAD=0 opts out.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# Logs: one JSON object per line in production (python-json-logger), readable text with
# DEBUG. Every line carries the id of the request being served (see ourplanet/request_log.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
# What a page may load and run (django-csp). No inline script anywhere: scripts are static
# files; an admin template that ever needs an inline one gives it nonce="{{ CSP_NONCE }}".
# JSON data blocks (json_script, JSON-LD) are not scripts to the browser and need nothing.
def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Static files or uploads served from another origin (a CDN, object storage) are allowed too.
_STATIC_ORIGINS = [origin for origin in [_origin(STATIC_URL)] if origin]
_MEDIA_PUBLIC_DOMAIN = os.environ.get("MEDIA_PUBLIC_DOMAIN", "")
_MEDIA_ORIGINS = [
    _origin(MEDIA_URL),
    _origin(os.environ.get("MEDIA_ENDPOINT_URL", "")) if MEDIA_BUCKET else None,
    f"https://{_MEDIA_PUBLIC_DOMAIN}" if MEDIA_BUCKET and _MEDIA_PUBLIC_DOMAIN else None,
]
_IMAGE_ORIGINS = sorted({*_STATIC_ORIGINS, *filter(None, _MEDIA_ORIGINS)})
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, *_STATIC_ORIGINS],
        "style-src": [SELF, *_STATIC_ORIGINS],
        "img-src": [SELF, *_IMAGE_ORIGINS],
        "font-src": [SELF, *_STATIC_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Features no page uses, turned off for every page (and anything embedded in it).
PERMISSIONS_POLICY = [
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb",
]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ourplanet.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# What the warnings app's spoiler flags point at (swappable, like AUTH_USER_MODEL).
WARNINGS_SERIES_MODEL = "articles.Series"
WARNINGS_EPISODE_MODEL = "articles.Episode"

# Readers' reports: what can be reported (URL name → model), and how many reports one
# client may send per window (seconds) before getting 429.
WARNINGS_REPORTABLE_MODELS = {"article": "articles.Article", "picture": "articles.Image"}
WARNINGS_REPORTS_PER_CLIENT = env_int("WARNINGS_REPORTS_PER_CLIENT", 5)
WARNINGS_REPORTS_WINDOW = env_int("WARNINGS_REPORTS_WINDOW", 10 * 60)

# Editorial workflow: how long a signed preview link for reviewers stays valid (seconds).
SHARE_LINK_MAX_AGE = env_int("SHARE_LINK_MAX_AGE", 7 * 24 * 60 * 60)

# How long a shared cache (a CDN) may keep a public page; never past the next scheduled
# publication (see articles/caching.py).
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 60)

# The page cache: anonymous readers' public pages kept in the cache above, keyed by the
# content generation (articles/page_cache.py). Entries of an old generation are never read
# again and expire after PAGE_CACHE_SECONDS.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 * 60)
