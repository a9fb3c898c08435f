"""Settings shared by every environment; values come from the environment via config.env."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

# Lets `admin.ModelAdmin[Model]`-style generics work at run time as well as for mypy.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("SPONA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files, no CDN
    "axes",
    "core",
    "reference",
    "accounts",
    "matching",
    "notifications",
    "candidates",
    "companies",
    "api",
    "frontend",
    "reports",
    "imports",
    "followup",
    "grants",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 400 for NUL characters and invalid UTF-8 anywhere in a request, before any view.
    "core.middleware.RequestHygieneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a lockout flagged during the request into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.navigation.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded default (an SQLite file under var/).
SQLITE_DEFAULT_URL = f"sqlite:///{VAR_DIR / 'spona.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL") or SQLITE_DEFAULT_URL
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the dev server read while a seeding command writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "frontend:login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:placement-browse"
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Reverse proxies in front of Django that append to X-Forwarded-For (production: the TLS proxy).
# The client address for login lockouts and throttles is the one the outermost trusted proxy
# saw; with 0 it is REMOTE_ADDR and X-Forwarded-For is ignored (it can be forged).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Login lockout (django-axes): AXES_FAILURE_LIMIT failures for one username from one address
# lock that pair out for AXES_COOLOFF_TIME hours (by pair, so a stranger cannot lock a
# candidate out of their own account from elsewhere); the API throttles logins per address too.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "api.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "api.views.auth.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password"]
# How django-axes names a client in its log lines: the path and a keyed digest of the username
# (repeated attempts on one account can be told apart without the address being written down).
AXES_CLIENT_STR_CALLABLE = "core.logging.axes_client_str"
# Failures are kept (to lock out); successful logins are not logged (who logged in when,
# from where, with which browser, is personal data nothing here needs).
AXES_DISABLE_ACCESS_LOG = True

# Languages: Serbian Latin is the default; Serbian Cyrillic and English are offered.
LANGUAGE_CODE = "sr-latn"
LANGUAGES = [
    ("sr-latn", _("Serbian (Latin)")),
    ("sr", _("Serbian (Cyrillic)")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Belgrade"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
if STATIC_ROOT.is_relative_to(VAR_DIR):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Private uploads (CVs) live outside any publicly served directory.
PRIVATE_STORAGE_ROOT = Path(env_str("PRIVATE_STORAGE_ROOT", str(VAR_DIR / "private")))
# The largest CV a candidate may upload (PDF or DOCX), in bytes.
CV_MAX_BYTES = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mail: unless configured, each message is written to a file under EMAIL_FILE_PATH
# (var/mail/) rather than printed: the console backend would put whole notification e-mails,
# names and addresses included, into the process's output and so into the logs. Production
# sends with SMTP and refuses the console backend.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Seconds to wait for the SMTP server (connect, send) before the send is retried later.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Spona <no-reply@spona.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without CELERY_BROKER_URL tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else ""
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Beat (the `beat` service): a full refresh of the stored matches every night.
CELERY_BEAT_SCHEDULE = {
    "matching-refresh-all-nightly": {
        "task": "matching.refresh_all",
        "schedule": crontab(hour=3, minute=0),  # CELERY_TIMEZONE: Europe/Belgrade
    },
    # Reminders of placements starting within PLACEMENT_REMINDER_DAYS (idempotent per day).
    "notifications-placement-reminders": {
        "task": "notifications.placement_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Requeues e-mails whose task was lost; gives up on claims of workers that died.
    "notifications-sweep-email-outbox": {
        "task": "notifications.sweep_email_outbox",
        "schedule": 600.0,
    },
    # The net under the workflow: placed matches without outcome checks get them.
    "followup-outcome-checks-repair": {
        "task": "followup.tasks.outcome_checks_repair",
        "schedule": crontab(hour=2, minute=30),
    },
    # Tells coordinators about outcome follow-up checks that became due (once per check).
    "followup-outcome-reminders": {
        "task": "followup.tasks.outcome_reminders_send",
        "schedule": crontab(hour=8, minute=30),
    },
    # Deletes uploaded import files older than IMPORT_RETENTION_DAYS (names, phones).
    "imports-expire-uploads": {
        "task": "imports.expire_uploads",
        "schedule": crontab(hour=2, minute=30),
    },
    # Grant calls past their closing date stop taking applications.
    "grants-close-calls-due": {
        "task": "grants.close_calls_due",
        "schedule": crontab(hour=0, minute=15),
    },
}

# Cache: with a Redis broker, a Redis cache on the same server in the next database number
# (shared by web and workers: it holds the "refresh already queued" keys that coalesce match
# refreshes); otherwise per-process memory, which is all eager tasks need.
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    _broker = urlsplit(CELERY_BROKER_URL)
    _broker_db = int(_broker.path.strip("/") or 0)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": urlunsplit(_broker._replace(path=f"/{(_broker_db + 1) % 16}")),
            "KEY_PREFIX": "spona",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Matching (matching/services/matches.py): each candidate's and each placement's k best pairs
# are stored; a change queues a refresh after MATCHING_COALESCE_SECONDS so that a burst of
# edits causes one run; MATCHING_WEIGHTS overrides fields of matching.engine.types.Weights.
MATCHING_TOP_K = 20
MATCHING_COALESCE_SECONDS = 5
MATCHING_WEIGHTS: dict[str, float] = {}
# A suggestion scoring at least this is announced to the candidate ("new strong match").
MATCHING_STRONG_SCORE = 0.75
# Days before a placement starts when the company and the intern are reminded.
PLACEMENT_REMINDER_DAYS = 3
# Outcome follow-up (followup/): an employment check may be recorded this many days before it
# is due; the page lists checks due within FOLLOWUP_UPCOMING_DAYS as upcoming and checks due
# more than FOLLOWUP_OVERDUE_AFTER_DAYS ago as overdue.
FOLLOWUP_RECORD_EARLY_DAYS = 14
FOLLOWUP_UPCOMING_DAYS = 30
FOLLOWUP_OVERDUE_AFTER_DAYS = 30
# Uploaded import files (attendance lists: names, phones) are the audit trail of an import and
# the source its possible duplicates are settled from; their bytes are deleted after this many
# days (the batch keeps who, when, the hash and the counts).
IMPORT_RETENTION_DAYS = env_int("IMPORT_RETENTION_DAYS", 90)

# Grant scheme: a monitoring visit may be recorded from this many days before it is due; a
# tranche after the first is paid when receipts justify this share of the earlier ones (1 = all).
GRANTS_MONITORING_RECORD_EARLY_DAYS = 14
GRANTS_TRANCHE_JUSTIFIED_SHARE = "1.00"

REST_FRAMEWORK = {
    # Token first: an anonymous request is answered 401 with `WWW-Authenticate: Token`.
    # Session writes are CSRF-checked by SessionAuthentication; token requests need no CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON in and out (the CV upload adds multipart); the docs are Swagger UI at /api/docs/.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "api.filters.ViewerSearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Only the scopes below are throttled (api.throttling): logins per client address, searches
    # (`?q=`, `?search=`, the skills autocomplete) per user or address.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.SearchRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"login": "10/minute", "search": "120/minute"},
    "EXCEPTION_HANDLER": "api.exception_handlers.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# JSON request bodies of the API may nest at most this deep (api.parsers); none needs more than 4.
API_JSON_MAX_DEPTH = 32
# API tokens expire this many hours after they were issued (a new login issues a new one).
API_TOKEN_TTL_HOURS = 12
# How often (seconds) the skills autocomplete checks whether the taxonomy changed.
SKILL_SEARCH_INDEX_RECHECK_SECONDS = 60
SPECTACULAR_SETTINGS = {
    "TITLE": "Spona API",
    "DESCRIPTION": (
        "Internships and jobs for returnees and vulnerable citizens in southern and eastern "
        "Serbia. Every error has the body "
        '`{"error": {"code": ..., "message": ..., "fields": {...}}}`.'
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MatchStatusEnum": "matching.models.Match.Status",
        "PlacementStatusEnum": "companies.models.Placement.Status",
        "AllocationRunStatusEnum": "matching.models.AllocationRun.Status",
        "AllocationOutcomeEnum": "matching.models.AllocationProposal.Outcome",
        "PlacementKindEnum": "companies.models.Placement.Kind",
        "MunicipalityKindEnum": "reference.models.Municipality.Kind",
        "DocumentKindEnum": "candidates.models.CandidateDocument.Kind",
        "CandidateCategoryEnum": "candidates.models.CandidateProfile.Category",
        "NoksLevelEnum": "core.choices.NoksLevel",
        "CefrLevelEnum": "core.choices.CefrLevel",
        "MatchTransitionNameEnum": "api.serializers.matches.TRANSITION_NAMES",
    },
}

# Every handler scrubs e-mail addresses, phone numbers and JMBGs and drops query-string values
# (core.logging); Django's own handlers (runserver's access log `django.server`, mail_admins)
# are redefined here so that they carry the filter too, and Celery's worker uses this same
# configuration (config/celery_app.py). Error reports leave out local variables, POSTed and
# query values outside DEBUG.
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.logging.PersonalDataExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "core.logging.PersonalDataExceptionReporter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "personal_data": {"()": "core.logging.PersonalDataFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["personal_data"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["personal_data"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default ("console" only in DEBUG, and mail_admins): records reach
        # the root's console by propagation, once.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Data shipped with the repository (reference data, curated skills, ESCO copy).
SPONA_DATA_DIR = BASE_DIR / "matching" / "data"
