"""The in-process writer lock for SQLite: turns go in arrival order, so a worker looping over batches cannot keep
the SMTP door waiting."""

import threading
import time
from datetime import UTC, date, datetime

import pytest

from storage.models import Case
from storage.store import FairLock


def test_the_writer_lock_hands_turns_over_in_arrival_order_even_to_a_holder_coming_straight_back():
    lock = FairLock()
    order: list[str] = []

    def take(name: str) -> None:
        with lock:
            order.append(name)

    lock.__enter__()  # the worker holds the lock
    waiting = [threading.Thread(target=take, args=(name,)) for name in ("door", "sender", "identity")]
    for thread in waiting:
        thread.start()
        time.sleep(0.05)  # each is queued before the next arrives
    lock.__exit__()
    take("worker again")  # straight back, as a loop over batches does: behind everyone who was waiting
    for thread in waiting:
        thread.join(5)
    assert order == ["door", "sender", "identity", "worker again"]


def test_a_failed_pass_names_what_the_database_refused_but_not_the_row_it_quoted(db, caplog):
    """PostgreSQL's message quotes the failing row ("Failing row contains ..."): addresses and message text."""
    import logging

    from sqlalchemy.exc import IntegrityError

    from bot.pass_failures import log_failed_pass
    from storage.models import RawMessage

    try:
        with db.transaction() as store:
            store.session.add(
                RawMessage(
                    channel="smtp",
                    received_at=None,
                    envelope_to="mette@example.dk",
                    message_key="k",
                    raw=b"Slet mine data",
                    status="new",
                    attempts=0,
                )
            )
            store.session.flush()
    except IntegrityError as refused:
        with caplog.at_level(logging.ERROR):
            log_failed_pass(logging.getLogger("test"), "pipeline", refused)
    [line] = caplog.messages
    assert "pipeline pass failed: the database refused a write, IntegrityError" in line
    assert "mette@example.dk" not in caplog.text and "Slet" not in caplog.text


RECEIVED = {"received_at": datetime(2026, 11, 24, 8, tzinfo=UTC), "deadline": date(2026, 12, 24)}
CASE_VALUES = {
    "status": "received",
    "channel": "smtp",
    "requester_address": "mette@example.dk",
    "requester_name": "Mette Hansen",
    "subject": "Slet mine data",
    "language": "da",
    "labels": "erasure",
    "confidence": 0.91,
    "triage": False,
    "deadline_rule": "art12_3",
}


def case_row(store, case_id: int) -> dict:
    row = store.session.connection().execute(Case.__table__.select().where(Case.__table__.c.id == case_id)).one()
    return {key: value for key, value in row._mapping.items() if key not in ("id", "reference")}


def test_a_case_opened_from_its_values_is_the_row_and_object_add_case_makes(db):
    """new_case (the pipeline's, without building the object through the ORM) and add_case(Case(...)) agree."""
    with db.transaction() as store:
        built = store.add_case(Case(**CASE_VALUES, **RECEIVED))
        made = store.new_case(**CASE_VALUES, **RECEIVED)
        assert made.reference == f"PRV-2026-{made.id:06d}" and made.id == built.id + 1
        assert case_row(store, made.id) == case_row(store, built.id)
        columns = [column.name for column in Case.__table__.columns if column.name not in ("id", "reference")]
        assert {name: getattr(made, name) for name in columns} == {name: getattr(built, name) for name in columns}
        assert store.case_by_id(made.id) is made and made not in store.session.dirty
        made.status, made.next_reminder_on = "verifying", date(2026, 12, 1)
        store.session.flush()  # a later change is flushed as usual (a status change voids the reminder hint)
        assert case_row(store, made.id)["status"] == "verifying"
        assert case_row(store, made.id)["next_reminder_on"] is None
    with db.transaction() as store:
        assert store.case_by_reference(made.reference).requester_name == "Mette Hansen"


def test_a_case_opened_in_a_savepoint_that_fails_leaves_the_session(db):
    with db.transaction() as store:
        with pytest.raises(RuntimeError), store.savepoint():
            case = store.new_case(**CASE_VALUES, **RECEIVED)
            raise RuntimeError("this message's fault")
        assert case not in store.session and store.list_cases() == []
        again = store.new_case(**CASE_VALUES, **RECEIVED)  # SQLite hands the id out again: no clash in the session
        assert store.list_cases() == [again]


def test_a_case_needs_exactly_the_columns_of_a_case(db):
    with db.transaction() as store:
        with pytest.raises(TypeError, match="colour"):
            store.new_case(**CASE_VALUES, **RECEIVED, colour="red")
        with pytest.raises(TypeError, match="deadline"):
            store.new_case(**CASE_VALUES, received_at=RECEIVED["received_at"])


def test_a_case_can_be_the_first_object_a_fresh_process_makes(tmp_path):
    """new_case makes its object without the constructor, which is what first sets up the ORM's mappers."""
    import subprocess
    import sys

    script = f"""
from storage.store import Database
from tests.test_store import CASE_VALUES, RECEIVED
db = Database("sqlite:///{tmp_path / "fresh.sqlite3"}")
db.upgrade()
with db.transaction() as store:
    print(store.new_case(**CASE_VALUES, **RECEIVED).reference)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout.strip() == "PRV-2026-000001", done.stderr
