"""The in-process writer lock for SQLite: turns go in arrival order, so a worker looping over batches cannot keep
the SMTP door waiting."""

import threading
import time

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
