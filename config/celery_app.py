"""The Celery application; configuration comes from Django settings (CELERY_* names).

Logging too: a worker or beat configures logging from Django's LOGGING (every handler with
the personal-data filter, core.logging) instead of installing its own handlers on the root
logger, which would print task logs unscrubbed.
"""

import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("spona")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _logging_from_django_settings(loglevel: Any = None, **kwargs: Any) -> None:
    """Celery's hook for the logging set-up: Django's LOGGING, at the worker's --loglevel."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)
