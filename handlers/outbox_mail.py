"""Put a templated mail about a case in the outbox, threaded to the case, in the caller's transaction.

Every requester-facing message (confirmation, verification code, staff decisions) goes through `queue_mail`, so
headers, threading and the audit trail are the same for all of them. A case opened in a chat gets its messages in
that chat (the `.chat.txt` variant of the template); mail that concerns no case (the code that links a chat to an
account) goes through `queue_mail_without_case`, composed the same way.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers.chat_outbox import CHAT_CHANNEL, chat_of, queue_chat
from handlers.options import PipelineOptions
from handlers.replies import compose, new_message_id, render
from storage.models import Case
from storage.store import Store

BOT = "privacybot"


@dataclass(frozen=True)
class Draft:
    """A mail rendered and composed, with the inputs it was made from. Made ahead of the transaction that queues it
    (outside SQLite's one write lock, which the SMTP door waits on), from inputs guessed before the case exists, it is
    used only when the mail asked for has exactly these inputs (`draft_mail`'s `ready`); else the mail is rendered
    afresh, so a wrong guess costs time, never a wrong mail."""

    inputs: tuple[object, ...]
    message_id: str
    raw: bytes


def case_sender(store: Store, case: Case, options: PipelineOptions) -> str:
    """Our From: the first configured mailbox, or (development mode) the address the requester first wrote to."""
    if options.mailboxes:
        return options.mailboxes[0]
    return reply_sender(options, ",".join(message.envelope_to for message in store.inbound_for_case(case.id)))


def reply_sender(options: PipelineOptions, envelope_to: str) -> str:
    """case_sender for a case whose messages went to `envelope_to` (comma-separated, the first message's first)."""
    if options.mailboxes:
        return options.mailboxes[0]
    return next((a for a in envelope_to.split(",") if a), f"privacy@{options.message_id_domain}")


def mail_context(case: Case, context: Mapping[str, Any], options: PipelineOptions) -> dict[str, Any]:
    """What every mail about a case can say: its reference and the company, beside `context`."""
    return {"reference": case.reference, "company": options.company, **context}


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
    draft: Draft | None = None,
) -> str:
    """Render `template` in the case's language (or take `draft`, if it was made from the same inputs), queue it,
    record it on the case; returns the Message-ID."""
    full = mail_context(case, context, options)
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
        sender = case_sender(store, case, options)
        mail = draft_mail(
            template=template,
            language=case.language,
            context=full,
            sender=sender,
            recipient=recipient,
            options=options,
            now=now,
            in_reply_to=in_reply_to,
            references=references,
            ready=draft,
        )
        message_id = _queue(
            store, mail, template=template, sender=sender, recipient=recipient, now=now, case_id=case.id
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
    sender = reply_sender(options, "")
    mail = draft_mail(
        template=template,
        language=language,
        context={"company": options.company, **context},
        sender=sender,
        recipient=recipient,
        options=options,
        now=now,
        auto_submitted="auto-generated",
    )
    return _queue(store, mail, template=template, sender=sender, recipient=recipient, now=now)


def _queue(
    store: Store, mail: Draft, *, template: str, sender: str, recipient: str, now: datetime, case_id: int | None = None
) -> str:
    """Queue one composed mail, due now; returns its Message-ID."""
    store.add_outbox(
        case_id=case_id,
        kind=template,
        sender=sender,
        recipient=recipient,
        message_id=mail.message_id,
        raw=mail.raw,
        created_at=now,
    )
    return mail.message_id


def draft_mail(
    *,
    template: str,
    language: str,
    context: Mapping[str, Any],
    sender: str,
    recipient: str,
    options: PipelineOptions,
    now: datetime,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    auto_submitted: str = "auto-replied",
    ready: Draft | None = None,
) -> Draft:
    """The mail rendered and composed, with a new Message-ID: the one place automatic mail is put together. `ready`
    instead, if it was made from these inputs (the Date it carries is when it was composed, a moment earlier)."""
    inputs = (template, language, dict(context), sender, recipient, in_reply_to, tuple(references), auto_submitted)
    if ready is not None and ready.inputs == inputs:
        return ready
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
    return Draft(inputs, message_id, raw)
