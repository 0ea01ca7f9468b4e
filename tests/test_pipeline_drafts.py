"""Confirmations drafted before the write lock (SQLite): the mail queued is the one the case calls for, whatever
happened between the look-ahead and the batch."""

from pathlib import Path

import pytest

from handlers import pipeline
from handlers.options import PipelineOptions
from handlers.pipeline import process_pending
from storage.models import OutboxMessage
from storage.store import Database, Store
from tests.mailtools import make_mail, read_mail, store_mail, text_body

MAILBOX = "privacy@cloudservice.test"
OPTIONS = PipelineOptions(mailboxes=(MAILBOX,), message_id_domain="cloudservice.test")
REQUESTS = [  # the first answers a newsletter (In-Reply-To matching no case): it opens a case all the same
    ("mette.hansen@example.dk", "Re: Nyhedsbrev", "Jeg vil gerne have slettet alle mine oplysninger hos jer."),
    ("john@example.com", "Question", "How long do you keep my invoices, and who do you share them with?"),
    ("lone@example.dk", "Nyhedsbrev", "Stop med at sende mig nyhedsbreve, tak."),
]


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'privacybot.sqlite3'}")
    db.upgrade()
    return db


def receive_all(db: Database, clock, mails: list[bytes] | None = None) -> list[bytes]:
    answers = {"In-Reply-To": "<november-77@news.cloudservice.test>"}
    mails = mails or [
        make_mail(sender=sender, subject=subject, body=body, headers=answers if n == 0 else None)
        for n, (sender, subject, body) in enumerate(REQUESTS)
    ]
    for (sender, _, _), mail in zip(REQUESTS, mails, strict=True):
        store_mail(db, clock, mail, MAILBOX, sender)
    return mails


def confirmations(db: Database) -> dict[str, tuple[str, OutboxMessage]]:
    """Each requester's confirmation, with the reference of the case it belongs to."""
    with db.transaction() as store:
        return {
            case.requester_address: (case.reference, m)
            for case in store.list_cases()
            for m in store.outbound_for_case(case.id)
        }


def test_the_confirmation_drafted_ahead_is_the_one_queued_and_reads_as_one_rendered_in_the_batch(
    sqlite_db, tmp_path, clock, monkeypatch
):
    drafted: dict[int, bytes] = {}
    real = pipeline.prepare_ahead

    def keep_drafts(*args):  # noqa: ANN002, ANN202
        found = real(*args)
        drafted.update({raw_id: p.confirmation.raw for raw_id, p in found.items() if p and p.confirmation})
        return found

    monkeypatch.setattr(pipeline, "prepare_ahead", keep_drafts)
    mails = receive_all(sqlite_db, clock)
    process_pending(sqlite_db, OPTIONS, clock)
    ahead = confirmations(sqlite_db)
    assert sorted(m.raw for _, m in ahead.values()) == sorted(drafted.values()) and len(drafted) == len(REQUESTS)

    plain = Database(f"sqlite:///{tmp_path / 'no-drafts.sqlite3'}")  # the same mail, rendered inside the batch
    plain.upgrade()
    monkeypatch.setattr(pipeline, "prepare_ahead", lambda *_args: {})
    receive_all(plain, clock, mails)
    process_pending(plain, OPTIONS, clock)
    inside = confirmations(plain)
    for requester, (reference, mail) in ahead.items():
        drafted_mail, rendered_mail = read_mail(mail.raw), read_mail(inside[requester][1].raw)
        assert reference in drafted_mail["Subject"]
        for header in ("Subject", "To", "From", "In-Reply-To", "References", "Auto-Submitted"):
            assert drafted_mail[header] == rendered_mail[header]
        assert text_body(drafted_mail) == text_body(rendered_mail)
        assert drafted_mail.get_body(("html",)).get_content() == rendered_mail.get_body(("html",)).get_content()


def test_a_case_opened_by_another_writer_meanwhile_never_lends_its_number_to_a_confirmation(
    sqlite_db, clock, monkeypatch
):
    real = pipeline.look_ahead

    def then_a_case_elsewhere(reading: Store, raw_ids: list[int]):  # noqa: ANN202
        found = real(reading, raw_ids)
        with (
            sqlite_db.transaction() as store
        ):  # e.g. a chat message handled by another process: it takes the next number
            store.new_case(
                status="received",
                channel="telegram",
                requester_address="chat:1",
                requester_name="",
                subject="",
                language="da",
                labels="other",
                received_at=clock(),
                deadline=clock().date(),
                deadline_rule="test",
            )
        return found

    monkeypatch.setattr(pipeline, "look_ahead", then_a_case_elsewhere)
    receive_all(sqlite_db, clock)
    process_pending(sqlite_db, OPTIONS, clock)
    found = confirmations(sqlite_db)
    assert len(found) == len(REQUESTS)
    for reference, mail in found.values():
        message = read_mail(mail.raw)
        assert message["Subject"].startswith(f"[{reference}]")
        assert reference in text_body(message)
