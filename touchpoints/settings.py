"""Django settings, all read from environment variables.

SQLite (WAL mode) is the default so a fresh checkout runs at once; set DATABASE_URL to use
PostgreSQL, e.g. ``postgres://user:pass@127.0.0.1:5432/touchpoints``.
"""

from __future__ import annotations

import json
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

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
    "touchpoints.reviews",
    "touchpoints.feedback",
    "touchpoints.impact",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "touchpoints.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
        },
    },
]

DATABASE_URL = env("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(VAR_DIR / "touchpoints.sqlite3")),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
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
# (`touchpoints db_worker`), which `touchpoints serve` starts by itself. `make run` uses it.
TASKS_BACKEND = env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}

# Uploads: anything bigger is refused before parsing (imports and evidence files).
MAX_UPLOAD_BYTES = envint("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Interaction logs uploaded through the analytics page; bigger ones go through `touchpoints journeys analyze`.
ANALYTICS_MAX_UPLOAD_BYTES = envint("ANALYTICS_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)

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

# Customer feedback: public answer pages. Rates are django-ratelimit strings ("count/period").
FEEDBACK_RATE_PER_ADDRESS = env("FEEDBACK_RATE_PER_ADDRESS", "30/m")
FEEDBACK_RATE_PER_LINK = env("FEEDBACK_RATE_PER_LINK", "600/m")
FEEDBACK_MIN_ANSWERS = envint("FEEDBACK_MIN_ANSWERS", 30)
FEEDBACK_STUDY_CACHE_SECONDS = envint("FEEDBACK_STUDY_CACHE_SECONDS", 10)

if envbool("PRODUCTION"):
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
