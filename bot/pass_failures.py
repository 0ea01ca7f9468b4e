"""How a background loop reports a failed pass: a database outage is expected now and then and the next pass
retries, so it gets one line, not a traceback; anything else is a bug and keeps its traceback, except that an error
the database raised is named by kind and SQLSTATE only (its message can quote a row: personal data)."""

import logging

from storage.engine import database_refusal, database_unavailable


def log_failed_pass(log: logging.Logger, what: str, exc: Exception, retry: str = "retrying") -> None:
    if database_unavailable(exc):
        log.warning("%s pass: database unavailable (%s); %s", what, type(exc).__name__, retry)
    elif (refusal := database_refusal(exc)) is not None:
        log.error("%s pass failed: the database refused a write, %s; %s", what, refusal, retry)
    else:
        log.error("%s pass failed; %s", what, retry, exc_info=exc)
