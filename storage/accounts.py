"""Customer accounts and what identity needs around them: addresses, linked chats, one-time codes, opt-outs.

No `from __future__ import annotations` here (it breaks SQLModel relationships, LIBRARIES.md).
"""

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Customer(SQLModel, table=True):
    """An account as the company knows it (imported, or mirrored from the company's own database)."""

    __tablename__ = "customer"

    id: int | None = Field(default=None, primary_key=True)
    customer_number: str = Field(max_length=64, unique=True)
    name: str = Field(default="", sa_column=Column(Text, nullable=False))
    phone: str | None = Field(default=None, max_length=32, index=True)  # normalised: +45XXXXXXXX
    marketing_consent: bool = Field(default=False)
    marketing_optout_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class CustomerEmail(SQLModel, table=True):
    """A registered address of an account; stored normalised (lower case, IDNA domain) so lookups are exact."""

    __tablename__ = "customer_email"
    __table_args__ = (UniqueConstraint("customer_id", "address", name="uq_customer_email"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    address: str = Field(sa_column=Column(Text, nullable=False, index=True))


class ChatLink(SQLModel, table=True):
    """A chat proven to belong to an account by a code sent to the account's registered address."""

    __tablename__ = "chat_link"
    __table_args__ = (UniqueConstraint("channel", "chat_id", name="uq_chat_link"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    channel: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    linked_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class VerificationCode(SQLModel, table=True):
    """A one-time code: only its keyed hash is stored; attempts are counted and lock it."""

    __tablename__ = "verification_code"
    __table_args__ = (Index("ix_verification_code_case", "case_id", "purpose"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    customer_number: str = Field(max_length=64)
    purpose: str = Field(max_length=16)  # "case" or "chat_link"
    chat_id: str | None = Field(default=None, max_length=64)
    code_hash: str = Field(max_length=64)
    sent_to: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    failed_attempts: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    revoked: bool = Field(default=False)


class Optout(SQLModel, table=True):
    """A stop that took effect at once (marketing opt-out, consent withdrawal) for an address and/or an account."""

    __tablename__ = "optout"
    __table_args__ = (UniqueConstraint("kind", "address", name="uq_optout_kind_address"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=24)  # "marketing_optout" or "consent_withdrawal"
    address: str = Field(sa_column=Column(Text, nullable=False))
    customer_number: str | None = Field(default=None, max_length=64, index=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    # What recording it did to the account, so a stop read wrongly can be lifted exactly (account_queries.lift_stop):
    # whether it set the account's opt-out, and the account's marketing consent before. None on rows older than 0011.
    account_changed: bool | None = Field(default=None)
    consent_before: bool | None = Field(default=None)
