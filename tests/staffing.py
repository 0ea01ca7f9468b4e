"""Helpers for the staff-work tests: real mail through the real pipeline at a chosen instant, and what it queued."""

from datetime import datetime
from email.message import EmailMessage

from sqlmodel import col, select

from handlers.options import PipelineOptions
from handlers.pipeline import process_pending
from handlers.staff_options import StaffOptions
from storage.models import Case, OutboxMessage
from storage.store import Database
from tests.mailtools import make_mail, read_mail, text_body

MAILBOX = "privacy@cloudservice.test"
OPTIONS = PipelineOptions(mailboxes=(MAILBOX,), message_id_domain="cloudservice.test")
STAFF = StaffOptions(staff_emails=("dpo@cloudservice.test", "support@cloudservice.test"))

ERASURE_DA = ("Slet min konto", "Hej\n\nJeg vil gerne have slettet min konto og alle mine oplysninger.\n\nMvh Mette")
ACCESS_EN = ("Subject access request", "Hello,\nplease send me a copy of the personal data you hold about me.\nJohn")
UNSUBSCRIBE_EN = ("Unsubscribe", "Please stop sending me your newsletter.")


def receive_request(
    db: Database,
    at: datetime,
    subject: str,
    body: str,
    sender: str = "Mette Hansen <mette.hansen@example.dk>",
) -> str:
    """Store a real RFC 5322 message as received at `at`, run the pipeline as of `at`; returns the case reference."""
    raw = make_mail(sender=sender, subject=subject, body=body)
    with db.transaction() as store:
        stored = store.add_raw(
            channel="smtp",
            received_at=at,
            envelope_from=sender.rpartition("<")[2].rstrip(">"),
            envelope_to=[MAILBOX],
            message_key=f"{at.isoformat()}-{hash(raw)}",
            message_id=None,
            raw=raw,
        )
    while process_pending(db, OPTIONS, lambda: at):
        pass
    with db.transaction() as store:
        [case] = [c for c in store.list_cases() if any(m.id == stored.id for m in store.inbound_for_case(c.id))]
        return case.reference or ""


def case(db: Database, reference: str) -> Case:
    with db.transaction() as store:
        found = store.case_by_reference(reference)
        assert found is not None
        return found


def outbox(db: Database, kind: str | None = None) -> list[OutboxMessage]:
    with db.transaction() as store:
        rows = list(store.session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())
    return [row for row in rows if kind is None or row.kind == kind]


def mails(db: Database, kind: str) -> list[EmailMessage]:
    return [read_mail(row.raw) for row in outbox(db, kind)]


def plain(message: EmailMessage) -> str:
    """The text/plain body with the wire's CRLF line ends read as plain newlines."""
    return text_body(message).replace("\r\n", "\n")
