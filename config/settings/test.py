"""Test settings: the same database/broker selection as base, fast hashing, locmem e-mail."""

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
