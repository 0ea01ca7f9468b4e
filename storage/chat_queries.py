"""Queries for the chat channel: a chat's choices, the cases a chat may see, link-code counts, outbox hand-back.

Functions take a `Store` (one transaction) and use its session.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_
from sqlmodel import col, select

from storage.accounts import ChatLink, VerificationCode
from storage.models import Case, TelegramChat
from storage.store import Store


def chat_state(store: Store, chat_id: str) -> TelegramChat | None:
    return store.session.get(TelegramChat, chat_id)


def save_chat_state(
    store: Store, chat_id: str, at: datetime, *, language: str | None = None, awaiting: str | None = None
) -> TelegramChat:
    """Set the chat's awaited answer (None clears it) and, when given, its language."""
    state = store.session.get(TelegramChat, chat_id, with_for_update=True)
    if state is None:
        state = TelegramChat(chat_id=chat_id, updated_at=at)
        store.session.add(state)
    if language is not None:
        state.language = language
    state.awaiting, state.updated_at = awaiting, at
    store.session.flush()
    return state


def cases_of_chat(
    store: Store, requester_address: str, customer_number: str | None, limit: int, statuses: Sequence[str] = ()
) -> list[Case]:
    """The chat's own cases and, for a linked chat, every case of its account; newest first."""
    mine = Case.requester_address == requester_address
    whose = or_(mine, Case.customer_number == customer_number) if customer_number is not None else mine
    query = select(Case).where(whose)
    if statuses:
        query = query.where(col(Case.status).in_(statuses))
    return list(store.session.exec(query.order_by(col(Case.id).desc()).limit(limit)).all())


def link_codes_since(
    store: Store, purpose: str, since: datetime, *, chat_id: str | None = None, sent_to: str = ""
) -> int:
    """Codes of `purpose` issued since `since` to this chat, or (with `sent_to`) to this address."""
    query = (
        select(func.count())
        .select_from(VerificationCode)
        .where(VerificationCode.purpose == purpose, col(VerificationCode.created_at) >= since)
    )
    query = query.where(VerificationCode.chat_id == chat_id) if chat_id is not None else query
    query = query.where(VerificationCode.sent_to == sent_to) if sent_to else query
    return store.session.exec(query).one()


def unlink_chat(store: Store, channel: str, chat_id: str) -> bool:
    """Forget the chat's link to an account; returns whether there was one."""
    result = store.session.execute(delete(ChatLink).where(ChatLink.channel == channel, ChatLink.chat_id == chat_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
