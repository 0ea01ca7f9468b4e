"""SQLite's one writer, handed between processes promptly instead of by SQLite's busy handler.

A process that finds the database locked sleeps in SQLite's busy handler for 1, 2, 5, ... up to 100 ms between
tries, while the process that holds the lock can take it back at once after each commit. With the pipeline worker in
a process of its own, the SMTP door lost most of those races: it answered 250 at a fraction of its rate, waiting on a
lock that was free most of the time. Here writers first take a POSIX record lock on a file beside the database, tried
every millisecond or so, so a waiting writer gets its turn within about a millisecond of the release. Record locks
belong to the process, so threads still queue on their own lock first (storage.store.FairLock). The lock only orders
the writers; SQLite's own lock still keeps them apart, so anything that bypasses it (another program, a second
Database in one process) is as safe as before, only less promptly served. A writer that holds on for longer than
SQLite's busy timeout (a command stopped with Ctrl-Z mid-transaction) is not waited for here: SQLite's lock then
decides, and refuses after its own timeout, so the SMTP door answers 451 instead of hanging.
"""

import errno
import fcntl
import os
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from storage.urls import is_sqlite, sqlite_path

WAIT_SECONDS = 30.0  # SQLite's busy timeout (storage.engine)
PAUSES = (0.0001, 0.0002, 0.0005, 0.001)  # between tries; the last repeats
_HELD = (errno.EACCES, errno.EAGAIN)


class ProcessWriterLock:
    """Held around each write transaction on a SQLite file, after the process's own thread lock."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + "-writer")
        self._fd: int | None = None

    def __enter__(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return  # a read-only folder: SQLite's busy handler serves the writers as before
        if self._take(fd):
            self._fd = fd
        else:
            os.close(fd)

    @staticmethod
    def _take(fd: int) -> bool:
        deadline = time.monotonic() + WAIT_SECONDS
        tries = 0
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except OSError as exc:
                if exc.errno not in _HELD or time.monotonic() > deadline:
                    return False  # SQLite's own lock decides from here
            time.sleep(PAUSES[min(tries, len(PAUSES) - 1)])
            tries += 1

    def __exit__(self, *_exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock; no descriptor outlives the transaction
            self._fd = None


def writer_lock(url: str) -> AbstractContextManager[None]:
    """The lock file for a SQLite file; nothing for PostgreSQL, whose rows lock one by one, or an in-memory database."""
    if not is_sqlite(url):
        return nullcontext()
    path = sqlite_path(url)
    return nullcontext() if str(path) in (":memory:", "") else ProcessWriterLock(path)
