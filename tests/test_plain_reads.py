"""`cases list` reads through the database driver, not the ORM: it must show exactly what the register holds."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bench.open_cases import fill
from handlers.case_listing import case_details, case_summary
from handlers.case_states import ACTIVE
from handlers.case_view import case_record
from handlers.options import PipelineOptions
from handlers.pipeline import process_pending
from handlers.reminders import local_date
from storage.models import Case, CaseReminder
from storage.plain_reads import PlainReader
from storage.staff_queries import find_cases
from tests.conftest import FixedClock
from tests.mailtools import make_mail, store_mail

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def register(db):
    """400 open cases (some overdue, some extended), then a few closed, flagged, multi-label or with a customer."""
    fill(db, 400, NOW)
    table = Case.__table__
    with db.engine.begin() as connection:
        connection.execute(update(table).where(table.c.id % 7 == 0).values(status="closed"))
        connection.execute(update(table).where(table.c.id % 5 == 0).values(triage=True, labels="access,erasure"))
        connection.execute(update(table).where(table.c.id % 11 == 0).values(customer_number="C-1001"))
    return db


FILTERS = [
    {},
    {"status": "closed"},
    {"label": "erasure"},
    {"label": "access"},
    {"label": "acc"},  # a part of a label matches nothing
    {"due_by": local_date(NOW) + timedelta(days=10)},
    {"overdue_on": local_date(NOW)},
    {"due_by": local_date(NOW) + timedelta(days=20), "label": "complaint"},
    {"triage": True},
    {"triage": True, "label": "erasure"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "all")
def test_the_plain_listing_shows_what_the_register_holds(register, database_url, filters):
    with register.transaction() as store:
        expected = [case_summary(case) for case in find_cases(store, open_statuses=ACTIVE, **filters)]
    reader = PlainReader(database_url)
    try:
        assert reader.at_head()
        listed, total = reader.case_summaries(open_statuses=ACTIVE, **filters)
        first, total_limited = reader.case_summaries(open_statuses=ACTIVE, limit=25, **filters)
    finally:
        reader.close()
    assert [case_summary(row) for row in listed] == expected and total == len(expected)
    assert [case_summary(row) for row in first] == expected[:25] and total_limited == len(expected)
    if filters.get("label") == "acc":
        assert expected == []
    else:
        assert expected, "each filter should select something in this register"


def test_a_missing_or_unmigrated_database_is_not_current_and_is_not_created(tmp_path):
    missing = tmp_path / "none.sqlite3"
    reader = PlainReader(f"sqlite:///{missing}")
    assert not reader.at_head()
    reader.close()
    assert not missing.exists()

    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    reader = PlainReader(f"sqlite:///{empty}")
    assert not reader.at_head()
    reader.close()


def test_the_plain_case_record_is_the_one_a_decision_prints(db, database_url):
    """`cases show` (plain rows) and the record printed after a decision (ORM) agree on every field and trail line."""
    mailbox = "privacy@cloudservice.test"
    clock = FixedClock(NOW)
    body = "Hej\n\nJeg vil gerne have en kopi af mine oplysninger og have slettet min konto bagefter.\n\nMvh Mette"
    store_mail(db, clock, make_mail(sender="mette@example.dk", subject="Indsigt og sletning", body=body), mailbox)
    process_pending(db, PipelineOptions(mailboxes=(mailbox,), message_id_domain="cloudservice.test"), clock)
    with db.transaction() as store:
        [case] = find_cases(store)
        case.extended_deadline = case.deadline + timedelta(days=60)
        case.extension_reason, case.extended_at = "Mange systemer.", NOW + timedelta(days=2)
        case.assignee, case.outcome = "bob", '{"access": "Sendt som PDF."}'
        case.closed_at = NOW + timedelta(days=3, microseconds=7)
        store.session.add(CaseReminder(case_id=case.id, stage="due:2026-12-24", concerns=case.deadline, sent_at=NOW))
        store.add_event(case.id, NOW + timedelta(days=3), "bob", "completed", outcome={"access": "Sendt som PDF."})
    with db.transaction() as store:
        [case] = find_cases(store)
        expected = case_record(store, case)
    reader = PlainReader(database_url)
    try:
        found = reader.case_by_reference(expected["reference"].lower())
        assert found is not None and reader.case_by_reference("PRV-1999-000001") is None
        trail = reader.case_trail(found.id)
    finally:
        reader.close()
    shown = case_details(found, **trail._asdict())
    assert shown == expected
    assert shown["assignee"] == "bob" and shown["reminders"] == [
        {"stage": "due:2026-12-24", "sent_at": NOW.isoformat()}
    ]
    assert len(shown["messages_in"]) == 1 and len(shown["messages_out"]) == 1 and len(shown["events"]) >= 3


TRICKY_URLS = [
    "sqlite:///relative/my%20db.sqlite3",
    "sqlite:////var/lib/privacybot/privacybot.sqlite3",
    "postgresql://monitor:pa/ss@127.0.0.1/privacybot",  # generated passwords hold "/", "#", "?" and "%"
    "postgresql://monitor:p#s?s@db.example:5433/privacybot?sslmode=require",
    "postgresql://monitor:p%40ss@db.example/privacybot",
    "postgres://monitor@[::1]:5432/privacybot",
    "postgresql+psycopg:///privacybot?host=/var/run/postgresql",
]


@pytest.mark.parametrize("url", TRICKY_URLS)
def test_a_url_names_the_same_database_for_the_plain_reads_as_for_the_orm_and_never_shows_its_password(url):
    from sqlalchemy.engine import make_url

    from storage.urls import parse_url, shown_url

    orm, plain = make_url(url), parse_url(url)
    assert (plain.username, plain.password, plain.host, plain.port, plain.database, plain.query) == (
        orm.username,
        orm.password,
        orm.host,
        orm.port,
        orm.database,
        dict(orm.query),
    )
    if orm.password:
        assert orm.password not in shown_url(url) and ":***@" in shown_url(url)


def test_cases_list_against_an_unreachable_server_or_another_kind_of_database_says_so_in_one_line(tmp_path):
    from tests.service import free_port, privacybot_env, privacybot_in_process

    env = privacybot_env(tmp_path, database_url=f"postgresql://staff:pa/ss@127.0.0.1:{free_port()}/privacybot")
    down = privacybot_in_process(env, "cases", "list")
    assert down.returncode == 1 and down.stdout == ""
    assert down.stderr.startswith("privacybot: cannot read the database at postgresql://staff:***@127.0.0.1:")
    assert "check that the database server is running" in down.stderr and "pa/ss" not in down.stderr

    env = privacybot_env(tmp_path, database_url="mysql://staff:secret@127.0.0.1/privacybot")
    other = privacybot_in_process(env, "cases", "show", "PRV-2026-000001")
    assert other.returncode == 1 and "must name a SQLite file or a PostgreSQL server" in other.stderr
    assert "secret" not in other.stderr
