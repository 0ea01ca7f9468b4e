"""The tables: raw inbound messages (the work queue), cases, their audit trail, and the outbox.

No `from __future__ import annotations` here: it breaks SQLModel relationships (LIBRARIES.md).
"""

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, LargeBinary, Text, UniqueConstraint, event, inspect
from sqlmodel import Field, SQLModel

from storage.states import OUT_FAILED as OUT_FAILED
from storage.states import OUT_PENDING as OUT_PENDING
from storage.states import OUT_SENT as OUT_SENT
from storage.states import RAW_DONE as RAW_DONE
from storage.states import RAW_IGNORED as RAW_IGNORED
from storage.states import RAW_NEW as RAW_NEW
from storage.states import RAW_QUARANTINED as RAW_QUARANTINED
from storage.types import UTCDateTime


class RawMessage(SQLModel, table=True):
    """A message exactly as it arrived; committed before the transport is told it is safe."""

    __tablename__ = "raw_message"
    __table_args__ = (
        UniqueConstraint("message_key", name="uq_raw_message_key"),
        Index("ix_raw_message_status_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    received_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    envelope_from: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    envelope_to: str = Field(default="", sa_column=Column(Text, nullable=False))
    message_key: str = Field(max_length=64)
    message_id: str | None = Field(default=None, sa_column=Column(Text, nullable=True, index=True))
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    status: str = Field(default=RAW_NEW, max_length=16)
    attempts: int = Field(default=0)
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    processed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    # Set, with the attempt counted, before a pipeline pass works on it; cleared when the pass ends. A lease still
    # set on a waiting message means the pass working on it died.
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class Case(SQLModel, table=True):
    """One request (or complaint, or question) and its legal clock."""

    __tablename__ = "cases"
    __table_args__ = (
        # The reminder pass reads only open cases whose next possible reminder is due (or never computed).
        Index("ix_cases_status_next_reminder", "status", "next_reminder_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str | None = Field(default=None, max_length=20, unique=True)
    status: str = Field(max_length=24, index=True)
    channel: str = Field(max_length=16)
    requester_address: str = Field(sa_column=Column(Text, nullable=False, index=True))
    requester_name: str = Field(default="", sa_column=Column(Text, nullable=False))
    subject: str = Field(default="", sa_column=Column(Text, nullable=False))
    language: str = Field(max_length=8)
    labels: str = Field(sa_column=Column(Text, nullable=False))  # comma-separated SPEC labels
    confidence: float = Field(default=0.0)
    triage: bool = Field(default=False)
    received_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    deadline: date = Field(index=True)
    deadline_rule: str = Field(sa_column=Column(Text, nullable=False))
    extended_deadline: date | None = Field(default=None)
    extension_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    verified: bool = Field(default=False)
    customer_number: str | None = Field(default=None, max_length=64)
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    # Staff work (issue 7): who has the case, what was decided per right (JSON object), when the extension was
    # decided, and when message bodies were purged under the retention rules (the record itself stays longer).
    assignee: str | None = Field(default=None, max_length=64)
    outcome: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    extended_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    bodies_purged_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    # The first day a reminder pass could find a new stage for this case (written by the pass; NULL: not yet looked
    # at, or its labels, status or deadlines changed since: forget_reminder_hint below).
    next_reminder_on: date | None = Field(default=None)


class CaseEvent(SQLModel, table=True):
    """The append-only audit trail of a case."""

    __tablename__ = "case_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    actor: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # JSON object


class OutboxMessage(SQLModel, table=True):
    """A message to send, committed with the case change that caused it; a sender drains it with retries."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("message_id", name="uq_outbox_message_id"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_recipient_created", "recipient", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    kind: str = Field(max_length=32)
    channel: str = Field(default="email", max_length=16)
    sender: str = Field(sa_column=Column(Text, nullable=False))
    recipient: str = Field(sa_column=Column(Text, nullable=False))
    message_id: str = Field(sa_column=Column(Text, nullable=False))
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: str = Field(default=OUT_PENDING, max_length=16)
    attempts: int = Field(default=0)  # every try, which paces the retries
    deferrals: int = Field(default=0)  # the temporary failures a relay answered, which decide giving up
    next_attempt_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


# -- staff work: reminders and retention (issue 7) ------------------------------------------------------------

# The reminder pass reads open cases by deadline; these keep it an index range scan on a large register.
Index("ix_cases_status_deadline", Case.status, Case.deadline)
Index("ix_cases_status_extended_deadline", Case.status, Case.extended_deadline)
# The retention job reads closed cases by closing date.
Index("ix_cases_closed_at", Case.closed_at)


class CaseReminder(SQLModel, table=True):
    """One reminder stage of one case, recorded once: the unique key stops restarts and other instances repeating it."""

    __tablename__ = "case_reminder"
    __table_args__ = (
        UniqueConstraint("case_id", "stage", name="uq_case_reminder_stage"),
        # "which of today's stages were already sent": looked up by the day's few stage strings, read from the index
        Index("ix_case_reminder_stage_case", "stage", "case_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    stage: str = Field(max_length=48)
    concerns: date  # the deadline (or nominal date, or overdue day) the reminder was about
    sent_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class RetentionRun(SQLModel, table=True):
    """One pass of the retention job: counts and the references of deleted cases, the proof that deletion happened."""

    __tablename__ = "retention_run"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    actor: str = Field(max_length=64)
    cases_bodies_purged: int = Field(default=0)
    unlinked_bodies_purged: int = Field(default=0)
    cases_deleted: int = Field(default=0)
    deleted_references: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON array


class ImapFolderState(SQLModel, table=True):
    """How far the IMAP channel has stored one folder: every UID up to `last_uid` under `uidvalidity` is committed.

    UIDs are 32-bit unsigned in IMAP, hence BigInteger; a new UIDVALIDITY makes the old `last_uid` meaningless.
    """

    __tablename__ = "imap_folder_state"

    mailbox: str = Field(sa_column=Column(Text, primary_key=True))  # imap://user@host:port/folder, no password
    uidvalidity: int = Field(sa_column=Column(BigInteger, nullable=False))
    last_uid: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class TelegramChat(SQLModel, table=True):
    """What a Telegram chat chose and what the bot waits for from it; ids and choices only, never message text.

    The chat's messages are raw_message rows like mail; its proven link to an account is a chat_link row.
    """

    __tablename__ = "telegram_chat"

    chat_id: str = Field(max_length=64, primary_key=True)
    language: str | None = Field(default=None, max_length=8)  # set by /language; None: follow the app's language
    awaiting: str | None = Field(default=None, max_length=16)  # "link_details" after a bare /link
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


_REMINDER_INPUTS = ("status", "labels", "triage", "deadline", "extended_deadline")


@event.listens_for(Case, "before_update")
def forget_reminder_hint(_mapper: object, _connection: object, case: Case) -> None:
    """A change to what decides a case's reminders (status, labels, triage, deadlines) voids the pass's hint, so the
    next pass looks at the case again instead of trusting a day computed from the old values."""
    state = inspect(case)
    if any(state.attrs[name].history.has_changes() for name in _REMINDER_INPUTS):
        case.next_reminder_on = None
