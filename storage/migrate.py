"""Alembic, driven from code: `privacybot db upgrade` and `run` call `upgrade()`; no alembic.ini needed.

Alembic is imported inside the functions: every staff command imports storage, few of them migrate, and importing
Alembic costs about a third of a second.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from storage.schema_version import HEAD

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema to `revision` (every branch head by default); a no-op when current, so `run` calls it."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def head_revisions() -> tuple[str, ...]:
    """The schema revision(s) this program's migrations end at."""
    from alembic.script import ScriptDirectory

    return tuple(sorted(ScriptDirectory(str(MIGRATIONS)).get_heads()))


def at_head(engine: Engine) -> bool:
    """Whether the database carries exactly this program's schema (one plain query; False when never migrated)."""
    try:
        with engine.connect() as connection:
            found = [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]
    except DBAPIError:
        return False
    return found == [HEAD]


def current_revisions(engine: Engine) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))
