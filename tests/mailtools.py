"""Helpers the tests share: build real RFC 5322 messages and read what the bot wrote."""

import email
import email.policy
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path


def make_mail(
    *,
    sender: str = "Mette Hansen <mette.hansen@example.dk>",
    to: str = "privacy@cloudservice.test",
    subject: str = "",
    body: str = "",
    headers: dict[str, str] | None = None,
    message_id: str | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Tue, 24 Nov 2026 09:00:00 +0100"
    message["Message-ID"] = message_id or make_msgid(domain="example.dk")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message.as_bytes()


def read_mail(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def text_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "reply has no text/plain part"
    return part.get_content()


def maildir_messages(root: Path) -> list[EmailMessage]:
    new = root / "new"
    if not new.is_dir():
        return []
    return [read_mail(path.read_bytes()) for path in sorted(new.iterdir())]


def store_mail(db, clock, raw: bytes, mailbox: str, envelope_from: str | None = None) -> int:  # noqa: ANN001
    """Store a message exactly as the SMTP door does (without the socket); returns the raw row's id."""
    with db.transaction() as store:
        stored = store.add_raw(
            channel="smtp",
            received_at=clock(),
            envelope_from=envelope_from,
            envelope_to=[mailbox],
            message_key=str(hash(raw)),
            message_id=None,
            raw=raw,
        )
    return stored.id


def waiting_rows(store) -> list:  # noqa: ANN001
    """The stored messages still waiting for the pipeline, oldest first."""
    from sqlmodel import col, select

    from storage.models import RAW_NEW, RawMessage

    query = select(RawMessage).where(RawMessage.status == RAW_NEW).order_by(col(RawMessage.id))
    return list(store.session.exec(query).all())
