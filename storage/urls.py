"""Database URLs: which back end a URL names, and the one spelling each back end is opened with.

Kept apart from storage.engine so that commands which only read (storage.plain_reads) need not import SQLAlchemy.
"""

from pathlib import Path


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def normalise_url(url: str) -> str:
    """Accept the usual `postgresql://` and `postgres://` forms and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
