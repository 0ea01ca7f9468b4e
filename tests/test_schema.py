"""The migrations create exactly the tables the models describe, and the layers keep their import direction."""

import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage.schema import metadata
from tests.service import ROOT


def test_migrated_database_matches_the_models(db):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_layers_import_only_to_their_right():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_migrations_have_one_head_and_the_code_names_it():
    from alembic.script import ScriptDirectory

    from storage.migrate import MIGRATIONS
    from storage.schema_version import HEAD

    heads = ScriptDirectory(str(MIGRATIONS)).get_heads()
    assert len(heads) == 1, f"several migration heads {heads}: add a merge revision"
    assert heads == [HEAD], "schema_version.HEAD must name the last migration (commands trust it to skip upgrades)"


def test_a_command_sees_whether_the_schema_is_current(tmp_path, database_url):
    from storage.migrate import upgrade
    from storage.store import Database

    fresh = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert not fresh.at_head()  # never migrated
    upgrade(fresh.engine, "0008_heartbeats")
    assert not fresh.at_head()  # behind
    fresh.upgrade()
    assert fresh.at_head()
    fresh.dispose()
    migrated = Database(database_url)  # the fixture's database, on SQLite and PostgreSQL
    assert migrated.at_head()
    migrated.dispose()


def test_upgrading_to_the_triage_reminder_makes_the_next_pass_look_at_cases_in_triage(tmp_path):
    """Their stored next-reminder day predates the triage stage; cases not in triage keep theirs."""
    from datetime import UTC, date, datetime

    from alembic import command

    from storage.migrate import alembic_config
    from storage.models import Case
    from storage.store import Database

    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    db.upgrade()
    with db.transaction() as store:
        for triage in (True, False):
            store.add_case(
                Case(
                    status="open",
                    channel="smtp",
                    requester_address="a@example.dk",
                    language="da",
                    labels="complaint",
                    triage=triage,
                    received_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
                    deadline=date(2026, 12, 2),
                    deadline_rule="art12_3",
                    next_reminder_on=date(2026, 11, 23),
                )
            )
    command.downgrade(alembic_config(db.engine), "0009_reminder_hint")
    db.upgrade()
    with db.transaction() as store:
        hints = {case.triage: case.next_reminder_on for case in store.list_cases()}
    assert hints == {True: None, False: date(2026, 11, 23)}
    db.dispose()
