"""The tables: raw inbound messages (the work queue), cases, their audit trail, and the outbox.

No `from __future__ import annotations` here: it breaks SQLModel relationships (LIBRARIES.md).
"""

from datetime import date, datetime

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

# Status strings, named once so queries and logic agree.
RAW_NEW = "new"
RAW_DONE = "done"
RAW_IGNORED = "ignored"
RAW_QUARANTINED = "quarantined"

OUT_PENDING = "pending"
OUT_SENT = "sent"
OUT_FAILED = "failed"


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


class Case(SQLModel, table=True):
    """One request (or complaint, or question) and its legal clock."""

    __tablename__ = "cases"

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
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
