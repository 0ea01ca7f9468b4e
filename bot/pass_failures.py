"""How a background loop reports a failed pass: a database outage is expected now and then and the next pass
retries, so it gets one line, not a traceback; anything else is a bug and keeps its traceback."""

import logging

from storage.engine import database_unavailable


def log_failed_pass(log: logging.Logger, what: str, exc: Exception, retry: str = "retrying") -> None:
    if database_unavailable(exc):
        log.warning("%s pass: database unavailable (%s); %s", what, type(exc).__name__, retry)
    else:
        log.error("%s pass failed; %s", what, retry, exc_info=exc)
