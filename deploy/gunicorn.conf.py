"""gunicorn's logging for the web container (`gunicorn … --config deploy/gunicorn.conf.py`;
the address and the number of workers stay on the command line).

The access log is written without the query string (searches for people stay out), without
the referrer (the previous page's address with its query) and without the browser's user
agent; each line still has the client, time, method, path, protocol, status, size and time
taken. Both gunicorn logs go through Spona's personal-data filter (core.logging), which also
scrubs e-mail addresses and phone numbers that appear in a path.
"""

import sys
from pathlib import Path
from typing import Any

from gunicorn.glogging import Logger

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.logging import PersonalDataFilter

accesslog = "-"
# %(U)s is the path without its query string; %(M)s the time taken in milliseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'


class ScrubbedLogger(Logger):
    """gunicorn's logger with the personal-data filter on every handler it sets up."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
                    handler.addFilter(PersonalDataFilter())


logger_class = ScrubbedLogger
