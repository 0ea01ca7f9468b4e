"""Put chat messages in the outbox: rendered from the `.chat.txt` templates, as the JSON of the Bot API call.

An outbox row of channel "telegram" holds `{"method": ..., "params": ...}` for one call (sendMessage, or
editMessageText to take the buttons off a message that was answered); the recipient is the chat id. The Telegram
sender in bot/ replays the call, so the row, not memory, is what survives a restart.
"""

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from handlers.options import PipelineOptions
from handlers.replies import new_message_id, render_chat
from storage.store import Store

CHAT_CHANNEL = "telegram"
ADDRESS_PREFIX = "telegram:"
MAX_TEXT = 4096  # Telegram's limit for one message
SEND = "sendMessage"
EDIT = "editMessageText"

Buttons = Sequence[Sequence[tuple[str, str]]]  # rows of (label, callback data)


def chat_address(chat_id: str) -> str:
    """How a chat is written where an address is expected (a case's requester, an opt-out)."""
    return f"{ADDRESS_PREFIX}{chat_id}"


def chat_of(address: str | None) -> str | None:
    """The chat id in `telegram:<id>`, or None for anything else (an e-mail address)."""
    if address and address.startswith(ADDRESS_PREFIX):
        return address.removeprefix(ADDRESS_PREFIX) or None
    return None


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph or line ends where possible (a long policy answer)."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = rest.rfind("\n\n", 0, limit)
        cut = cut if cut > 0 else rest.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*pieces, rest] if rest else pieces or [""]


def keyboard(buttons: Buttons) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": label, "callback_data": data} for label, data in row] for row in buttons]}


def queue_call(
    store: Store,
    *,
    chat_id: str,
    method: str,
    params: Mapping[str, Any],
    kind: str,
    options: PipelineOptions,
    now: datetime,
    case_id: int | None = None,
) -> str:
    """One Bot API call in the outbox; returns the row's id for the audit trail (a Message-ID-like string)."""
    message_id = new_message_id(options.message_id_domain)
    store.add_outbox(
        case_id=case_id,
        kind=kind[:32],
        channel=CHAT_CHANNEL,
        sender=CHAT_CHANNEL,
        recipient=chat_id,
        message_id=message_id,
        raw=json.dumps({"method": method, "params": {"chat_id": int(chat_id), **params}}).encode(),
        created_at=now,
    )
    return message_id


def queue_text(
    store: Store,
    *,
    chat_id: str,
    text: str,
    kind: str,
    options: PipelineOptions,
    now: datetime,
    case_id: int | None = None,
    buttons: Buttons = (),
) -> str:
    """Send `text` (split when too long; the buttons go under the last piece); returns the first row's id."""
    ids = []
    pieces = split_text(text)
    for number, piece in enumerate(pieces, 1):
        params: dict[str, Any] = {"text": piece}
        if buttons and number == len(pieces):
            params["reply_markup"] = keyboard(buttons)
        ids.append(
            queue_call(
                store, chat_id=chat_id, method=SEND, params=params, kind=kind, options=options, now=now, case_id=case_id
            )
        )
    return ids[0]


def queue_chat(
    store: Store,
    chat_id: str,
    *,
    template: str,
    language: str,
    context: Mapping[str, Any],
    options: PipelineOptions,
    now: datetime,
    case_id: int | None = None,
    buttons: Buttons = (),
) -> str:
    """Render `<lang>/<template>.chat.txt` and send it to the chat."""
    text = render_chat(template, language, {"company": options.company, **context}, options.templates_dir)
    return queue_text(
        store, chat_id=chat_id, text=text, kind=template, options=options, now=now, case_id=case_id, buttons=buttons
    )


def queue_edit(
    store: Store,
    *,
    chat_id: str,
    message_id: int,
    text: str,
    kind: str,
    options: PipelineOptions,
    now: datetime,
    case_id: int | None = None,
) -> str:
    """Replace the text of a message the bot sent (and so remove its buttons)."""
    params = {"message_id": message_id, "text": split_text(text)[0]}
    return queue_call(
        store, chat_id=chat_id, method=EDIT, params=params, kind=kind, options=options, now=now, case_id=case_id
    )
