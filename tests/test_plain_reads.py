"""`cases list` reads through the database driver, not the ORM: it must show exactly what the register holds."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bench.open_cases import fill
from handlers.case_listing import case_summary
from handlers.case_states import ACTIVE
from handlers.reminders import local_date
from storage.models import Case
from storage.plain_reads import PlainReader
from storage.staff_queries import find_cases

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
