"""Test settings: the same database/broker selection as base, fast hashing, locmem e-mail."""

from urllib.parse import urlsplit, urlunsplit

from config.env import env_str
from config.settings.base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-test-key-not-for-production"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# django-axes refuses authenticate() calls without a request (the test client's login() makes
# them); tests of the lockout switch it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
# Requests without a language cookie or Accept-Language header get English in tests, so
# assertions on messages read the msgids; the product default (Serbian Latin, base.py) and
# every language are tested explicitly with the django_language cookie.
LANGUAGE_CODE = "en"

# pytest-xdist runs the suite in worker processes gw0, gw1, …, each with its own test database
# (pytest-django adds the suffix). With a Redis broker each also gets a Redis cache database
# of its own, the broker's number + 1 + the worker's index: tests clear the cache, which
# would wipe another worker's throttle counters and coalescing claims. A real `celery worker`
# a test starts inherits PYTEST_XDIST_WORKER and so shares its test's cache. The broker
# stays shared: every real-worker test consumes a queue of its own (tests/celery_worker.py).
XDIST_WORKER = env_str("PYTEST_XDIST_WORKER")
if XDIST_WORKER.startswith("gw") and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    _broker = urlsplit(CELERY_BROKER_URL)  # noqa: F405
    _cache_db = (int(_broker.path.strip("/") or 0) + 1 + int(XDIST_WORKER[2:])) % 16
    CACHES["default"]["LOCATION"] = urlunsplit(_broker._replace(path=f"/{_cache_db}"))  # noqa: F405
