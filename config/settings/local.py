"""Local development: DEBUG on, an insecure key allowed, e-mail to files under var/mail/."""

from config.env import env_bool, env_str
from config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-local-development-key-not-for-production"
