"""Put a templated mail about a case in the outbox, threaded to the case, in the caller's transaction.

Every requester-facing message (confirmation, verification code, staff decisions) goes through `queue_mail`, so
headers, threading and the audit trail are the same for all of them. A case opened in a chat gets its messages in
that chat (the `.chat.txt` variant of the template); mail that concerns no case (the code that links a chat to an
account) goes through `queue_mail_without_case`, composed the same way.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from handlers.chat_outbox import CHAT_CHANNEL, chat_of, queue_chat
from handlers.options import PipelineOptions
from handlers.replies import compose, new_message_id, render
from storage.models import Case
from storage.store import Store

BOT = "privacybot"


def case_sender(store: Store, case: Case, options: PipelineOptions) -> str:
    """Our From: the first configured mailbox, or (development mode) the address the requester first wrote to."""
    if options.mailboxes:
        return options.mailboxes[0]
    for message in store.inbound_for_case(case.id):
        first = next((a for a in message.envelope_to.split(",") if a), None)
        if first:
            return first
    return f"privacy@{options.message_id_domain}"


def case_thread(store: Store, case: Case) -> tuple[str | None, list[str]]:
    """In-Reply-To (the requester's latest message) and References (the case's messages, oldest first)."""
    inbound = [m.message_id for m in store.inbound_for_case(case.id) if m.message_id]
    outbound = [m.message_id for m in store.outbound_for_case(case.id)]
    return (inbound[-1] if inbound else None), list(dict.fromkeys(inbound + outbound))


def queue_mail(
    store: Store,
    case: Case,
    *,
    template: str,
    context: Mapping[str, Any],
    recipient: str,
    options: PipelineOptions,
    now: datetime,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    actor: str = BOT,
) -> str:
    """Render `template` in the case's language, queue it, record it on the case; returns the Message-ID."""
    full = {"reference": case.reference, "company": options.company, **context}
    chat = chat_of(recipient) if case.channel == CHAT_CHANNEL else None
    if chat is not None:
        message_id = queue_chat(
            store,
            chat,
            template=template,
            language=case.language,
            context=full,
            options=options,
            now=now,
            case_id=case.id,
        )
    else:
        if in_reply_to is None and not references:
            in_reply_to, references = case_thread(store, case)
        message_id = _queue(
            store,
            template=template,
            language=case.language,
            context=full,
            sender=case_sender(store, case, options),
            recipient=recipient,
            options=options,
            now=now,
            case_id=case.id,
            in_reply_to=in_reply_to,
            references=references,
        )
    store.add_event(case.id, now, actor, "message_out", template=template, message_id=message_id)
    return message_id


def queue_mail_without_case(
    store: Store,
    *,
    template: str,
    language: str,
    context: Mapping[str, Any],
    recipient: str,
    options: PipelineOptions,
    now: datetime,
) -> str:
    """A mail that answers no message and belongs to no case (RFC 3834 "auto-generated"); returns the Message-ID."""
    sender = options.mailboxes[0] if options.mailboxes else f"privacy@{options.message_id_domain}"
    full = {"company": options.company, **context}
    return _queue(
        store,
        template=template,
        language=language,
        context=full,
        sender=sender,
        recipient=recipient,
        options=options,
        now=now,
        auto_submitted="auto-generated",
    )


def _queue(
    store: Store,
    *,
    template: str,
    language: str,
    context: Mapping[str, Any],
    sender: str,
    recipient: str,
    options: PipelineOptions,
    now: datetime,
    case_id: int | None = None,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    auto_submitted: str = "auto-replied",
) -> str:
    """Render, compose and queue one mail: the one place automatic mail is put together."""
    rendered = render(template, language, context, options.templates_dir)
    message_id = new_message_id(options.message_id_domain)
    raw = compose(
        rendered=rendered,
        sender=sender,
        sender_name=options.company.name,
        recipient=recipient,
        message_id=message_id,
        sent_at=now,
        language=language,
        in_reply_to=in_reply_to,
        references=references,
        auto_submitted=auto_submitted,
    )
    store.add_outbox(
        case_id=case_id,
        kind=template,
        sender=sender,
        recipient=recipient,
        message_id=message_id,
        raw=raw,
        created_at=now,
    )
    return message_id
