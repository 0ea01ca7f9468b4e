"""Database URLs: which back end a URL names, its parts, and how to show it without its password.

Kept apart from storage.engine so that commands which only read (storage.plain_reads) need not import SQLAlchemy.
The parts are read by the grammar SQLAlchemy uses (RFC 1738 with a password of anything but "@", %-escapes
decoded), so both ways of opening the database agree on what a URL names.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote

POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2")

_URL = re.compile(
    r"(?P<scheme>[\w+]+)://"
    r"(?:(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@)?"
    r"(?:\[(?P<ipv6>[^/?]+)\]|(?P<host>[^/:?]+))?"
    r"(?::(?P<port>[^/?]*))?"
    r"(?:/(?P<database>[^?]*))?"
    r"(?:\?(?P<query>.*))?$",
    re.DOTALL,
)


class BadDatabaseUrl(ValueError):
    """PRIVACYBOT_DATABASE_URL cannot be read, or names a database this program does not speak."""


@dataclass(frozen=True)
class DatabaseUrl:
    scheme: str
    username: str | None
    password: str | None
    host: str | None
    port: int | None
    database: str | None
    query: dict[str, str] = field(default_factory=dict)

    def shown(self) -> str:
        """The URL for messages and status reports: everything but the password."""
        user = ""
        if self.username is not None or self.password is not None:
            user = quote(self.username or "", safe="") + (":***" if self.password is not None else "") + "@"
        host = f"[{self.host}]" if self.host and ":" in self.host else (self.host or "")
        port = f":{self.port}" if self.port is not None else ""
        database = f"/{self.database}" if self.database is not None else ""
        query = "?" + "&".join(f"{k}={v}" for k, v in self.query.items()) if self.query else ""
        return f"{self.scheme}://{user}{host}{port}{database}{query}"

    def psycopg_arguments(self) -> dict[str, str | int]:
        """Keyword arguments for psycopg.connect: the parts one by one, so no character of a password is lost."""
        named = {"user": self.username, "password": self.password, "host": self.host, "port": self.port}
        arguments: dict[str, str | int] = {key: value for key, value in named.items() if value not in (None, "")}
        if self.database:
            arguments["dbname"] = self.database
        arguments.update(self.query)  # host=/var/run/postgresql, sslmode=require, ...
        return arguments


def parse_url(url: str) -> DatabaseUrl:
    found = _URL.match(url.strip())
    if found is None:
        raise BadDatabaseUrl(
            "not a database URL (e.g. sqlite:////var/lib/privacybot/privacybot.sqlite3 or "
            "postgresql://user:password@host/privacybot)"
        )
    port = found["port"]
    if port and not port.isdigit():
        raise BadDatabaseUrl(f"the port {port!r} is not a number")
    return DatabaseUrl(
        scheme=found["scheme"].lower(),
        username=unquote(found["username"]) if found["username"] is not None else None,
        password=unquote(found["password"]) if found["password"] is not None else None,
        host=found["ipv6"] or found["host"],
        port=int(port) if port else None,
        database=unquote(found["database"]) if found["database"] is not None else None,
        query=dict(parse_qsl(found["query"] or "", keep_blank_values=True)),
    )


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def is_postgres(url: str) -> bool:
    return url.split("://", 1)[0].lower() in POSTGRES_SCHEMES


def sqlite_path(url: str) -> Path:
    """The file a `sqlite:///path` URL names (relative to the working folder, as SQLAlchemy reads it); ":memory:"
    for an in-memory database."""
    return Path(parse_url(url).database or ":memory:")


def shown_url(url: str) -> str:
    """The database for messages: the SQLite file, or the server URL without its password."""
    try:
        return str(sqlite_path(url)) if is_sqlite(url) else parse_url(url).shown()
    except BadDatabaseUrl:
        return "(not a database URL)"


def normalise_url(url: str) -> str:
    """Accept the usual `postgresql://` and `postgres://` forms and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
