"""Django settings, all read from environment variables.

SQLite (WAL mode) is the default so a fresh checkout runs at once; set DATABASE_URL to use
PostgreSQL, e.g. ``postgres://user:pass@127.0.0.1:5432/touchpoints``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from touchpoints.lib.databases import database_config
from touchpoints.lib.env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env("TOUCHPOINTS_VAR_DIR", str(BASE_DIR.parent / "var")))

DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "") or ("dev-only-insecure-key" if DEBUG or not envbool("PRODUCTION") else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when PRODUCTION=1")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "touchpoints.accounts",
    "touchpoints.workspaces",
    "touchpoints.inventory",
    "touchpoints.library",
    "touchpoints.journeys",
    "touchpoints.audits",
    "touchpoints.analytics",
    "touchpoints.dashboard",
    "ninja",  # serves the API docs' Swagger UI from its own static files (works offline)
    "touchpoints.priorities",
    "touchpoints.actions",
    "touchpoints.reports",
    "touchpoints.reviews",
    "touchpoints.feedback",
    "touchpoints.impact",
    "auditlog",
    "touchpoints.history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "touchpoints.lib.history.HistoryMiddleware",
    "touchpoints.lib.freshness.WorkspaceWritesMiddleware",
    "touchpoints.lib.middleware.InputOverflowMiddleware",
    "touchpoints.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "touchpoints.lib.errors.FriendlyErrorsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "touchpoints.urls"
WSGI_APPLICATION = "touchpoints.wsgi.application"
ASGI_APPLICATION = "touchpoints.asgi.application"

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
                "django.template.context_processors.i18n",
                "touchpoints.workspaces.context_processors.workspace_nav",
            ],
            # Tag libraries shared by every app's templates (``touchpoints.lib`` is not an app).
            "libraries": {"common": "touchpoints.lib.templatetags.common"},
        },
    },
]

DATABASE_URL = env("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
# One code path for both ways: SQLite gets WAL, IMMEDIATE transactions and a busy timeout either way.
DATABASES = {
    "default": database_config(
        DATABASE_URL,
        sqlite_path=env("SQLITE_PATH", str(VAR_DIR / "touchpoints.sqlite3")),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspaces:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("PRODUCTION")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not envbool("PRODUCTION")

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Touchpoints <noreply@localhost>")

# Background work (analyses, sending requests). The immediate backend runs a task inside the
# request (tests, small set-ups); `django_tasks_db.DatabaseBackend` queues it for a worker
# (`touchpoints worker`), which `touchpoints serve` starts by itself. `make run` uses it.
TASKS_BACKEND = env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
# Leases of background jobs (touchpoints.lib.jobs): a running job that has not beaten for this long
# is marked failed; the worker sweeps every JOB_SWEEP_SECONDS.
JOB_LEASE_SECONDS = envint("JOB_LEASE_SECONDS", 120)
JOB_SWEEP_SECONDS = envint("JOB_SWEEP_SECONDS", 30)

# Uploads: anything bigger is refused before parsing (imports and evidence files).
MAX_UPLOAD_BYTES = envint("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# An XLSX import unpacking to more than this is refused before it is read (a zip bomb).
IMPORT_MAX_UNCOMPRESSED_BYTES = envint("IMPORT_MAX_UNCOMPRESSED_BYTES", 64 * 1024 * 1024)
# Interaction logs uploaded through the analytics page; bigger ones go through `touchpoints journeys analyze`.
ANALYTICS_MAX_UPLOAD_BYTES = envint("ANALYTICS_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
# The action plan: reminder lead time (days), digest weekday (0 = Monday), and whether webhooks may
# go to private / loopback addresses (development only).
ACTIONS_REMINDER_DAYS = envint("ACTIONS_REMINDER_DAYS", 3)
ACTIONS_DIGEST_WEEKDAY = envint("ACTIONS_DIGEST_WEEKDAY", 0)
WEBHOOKS_ALLOW_PRIVATE = envbool("WEBHOOKS_ALLOW_PRIVATE", False)

# Review requests (touchpoints.reviews, docs/feedback.md "Review requests"). The SMS provider is a
# dotted path; its options (e.g. Twilio's account_sid, auth_token, from_number, base_url) are a
# JSON object. Rates of the public review page are django-ratelimit strings ("count/period").
REVIEWS_SMS_BACKEND = env("REVIEWS_SMS_BACKEND", "touchpoints.reviews.sms.console.ConsoleBackend")
REVIEWS_SMS_OPTIONS = json.loads(env("REVIEWS_SMS_OPTIONS", "{}") or "{}")
REVIEWS_SITE_URL = env("REVIEWS_SITE_URL", "")  # the links in messages; SITE_URL when empty
REVIEWS_SEND_EVERY_SECONDS = envint("REVIEWS_SEND_EVERY_SECONDS", 300)
REVIEWS_RATE_PER_ADDRESS = env("REVIEWS_RATE_PER_ADDRESS", "60/m")
REVIEWS_RATE_PER_LINK = env("REVIEWS_RATE_PER_LINK", "10/m")
REVIEWS_PHONE_REGION = env("REVIEWS_PHONE_REGION", "")  # e.g. "ES": numbers without +34 are read as Spanish
REVIEWS_MAX_IMPORT_ROWS = envint("REVIEWS_MAX_IMPORT_ROWS", 50000)

# A journey map's share link (/j/): its page and downloads (the PDF and PNG are drawn on each
# request), per client address and per link; django-ratelimit strings ("count/period").
JOURNEYS_SHARE_RATE_PER_ADDRESS = env("JOURNEYS_SHARE_RATE_PER_ADDRESS", "30/m")
JOURNEYS_SHARE_RATE_PER_LINK = env("JOURNEYS_SHARE_RATE_PER_LINK", "120/m")

# Customer feedback: public answer pages. Rates are django-ratelimit strings ("count/period").
FEEDBACK_RATE_PER_ADDRESS = env("FEEDBACK_RATE_PER_ADDRESS", "30/m")
FEEDBACK_RATE_PER_LINK = env("FEEDBACK_RATE_PER_LINK", "600/m")
FEEDBACK_MIN_ANSWERS = envint("FEEDBACK_MIN_ANSWERS", 30)
FEEDBACK_STUDY_CACHE_SECONDS = envint("FEEDBACK_STUDY_CACHE_SECONDS", 10)
# Members' e-mail alerts on customers' answers (studies and review campaigns): checked this often
# by the worker (or cron), and at most one e-mail per member and study or campaign in this many
# minutes (the answers in between wait for it).
ALERT_EVERY_SECONDS = envint("ALERT_EVERY_SECONDS", 300)
ALERT_MINUTES = envint("ALERT_MINUTES", 15)

if envbool("PRODUCTION"):
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS: HSTS (a year by default in production with secure cookies) and the redirect of plain HTTP.
SECURE_HSTS_SECONDS = envint(
    "SECURE_HSTS_SECONDS", 365 * 24 * 3600 if envbool("PRODUCTION") and envbool("SECURE_COOKIES", True) else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = envlist("SECURE_REDIRECT_EXEMPT", "")

# Content-Security-Policy (django-csp), sent by every page, in development too. Scripts: only
# files from this site or an inline script carrying the request's nonce (request.csp_nonce); no
# inline handlers, no eval (charts use Vega's expression interpreter). Styles may be inline:
# Vega's tooltips and htmx insert style elements, and widths/colours are style attributes; CSS
# runs no script, and images, fonts and requests may only go to this site. See docs/security.md.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"report-uri": envlist("CSP_REPORT_URI")} if env("CSP_REPORT_URI") else {}),
    }
}
CONTENT_SECURITY_POLICY = _CSP if envbool("CSP_ENABLED", True) and not envbool("CSP_REPORT_ONLY") else None
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP if envbool("CSP_ENABLED", True) and envbool("CSP_REPORT_ONLY") else None

# Cache: Redis in production (CACHE_URL or REDIS_URL, e.g. redis://127.0.0.1:6379/0), shared by the
# workers so that throttles count across them; local memory otherwise (one process).
CACHE_URL = env("CACHE_URL", "") or env("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "touchpoints"}
}
# Sessions: with Redis, read from the cache and written through to the database (a restart or a
# flushed cache loses none); without it, from the database only.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Rate limits (all counted through touchpoints/lib/ratelimits.py, on django-ratelimit's rates, keys
# and cache) and the throttles (touchpoints/accounts/throttle.py): "N/period" with period s, m, h or
# d, optionally with a count ("15m"). See docs/security.md. The prefix and hash are django-ratelimit's
# defaults, set here so that reading them per key finds a setting instead of raising AttributeError.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_CACHE_PREFIX = "rl:"
RATELIMIT_HASH_ALGORITHM = hashlib.sha256
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", "") or None  # e.g. HTTP_X_REAL_IP behind a proxy
THROTTLE_RATES = {
    kind: env(f"THROTTLE_{kind.upper()}", default)
    for kind, default in {
        "login_account": "10/15m",
        "login_address": "50/15m",
        "reset_email": "3/h",
        "reset_address": "10/h",
        "invite_user": "30/h",
        "invite_address": "60/h",
        "token_address": "30/10m",
    }.items()
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# History of changes (django-auditlog, touchpoints/lib/history.py): no addresses kept.
AUDITLOG_DISABLE_REMOTE_ADDR = True
