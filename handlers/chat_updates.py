"""Read a stored Telegram update (the Bot API's JSON, as committed by the channel) into what the pipeline needs.

The handlers never import the transport: the update is plain JSON in the raw_message row, read here by the Bot API's
field names. Anything the bot cannot use (a channel post, a member change, an update type newer than this code) reads
as kind "other" and is ignored, never an error.
"""

import json
import re
from dataclasses import dataclass, replace

MESSAGE = "message"
EDITED = "edited_message"
CALLBACK = "callback_query"
OTHER = "other"

# What a message can carry instead of (or besides) text; the bot reads words only and keeps no files.
MEDIA = (
    "photo",
    "document",
    "sticker",
    "voice",
    "video",
    "video_note",
    "audio",
    "animation",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "game",
    "story",
)
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?$", re.DOTALL)


class ChatUpdateError(Exception):
    """The stored bytes are not a Bot API update."""


@dataclass(frozen=True)
class ChatUpdate:
    update_id: int
    kind: str  # MESSAGE, EDITED, CALLBACK or OTHER (with `other` naming the Bot API field)
    chat_id: str | None = None
    chat_type: str | None = None  # private, group, supergroup, channel
    user_id: int | None = None
    language_code: str | None = None  # the user's app language, e.g. "da" or "en-GB"
    name: str = ""  # the user's first and last name as Telegram shows them
    text: str = ""  # the message text, or a media caption; for a button, the text of the bot's message under it
    media: str | None = None  # the first of MEDIA the message carries
    message_id: int | None = None  # the message this update is about (for a button: the bot's message)
    reply_to_text: str = ""  # the text of the message this one answers (Telegram's "reply")
    callback_id: str | None = None
    callback_data: str = ""
    other: str = ""

    @property
    def private(self) -> bool:
        return self.chat_type == "private"

    @property
    def command(self) -> tuple[str, str] | None:
        """("start", "rest of the line") for "/start@our_bot rest", or None when the text is not a command."""
        match = _COMMAND.match(self.text.strip()) if self.kind == MESSAGE and not self.media else None
        return (match.group(1).lower(), (match.group(2) or "").strip()) if match else None


def _name(user: dict) -> str:
    return " ".join(str(user.get(k) or "").strip() for k in ("first_name", "last_name")).strip()


def _message(update_id: int, kind: str, message: dict, user: dict | None = None) -> ChatUpdate:
    chat = message.get("chat") or {}
    user = user if user is not None else (message.get("from") or {})
    replied = message.get("reply_to_message") or {}
    text = message.get("text") if isinstance(message.get("text"), str) else message.get("caption")
    return ChatUpdate(
        update_id=update_id,
        kind=kind,
        chat_id=str(chat["id"]) if "id" in chat else None,
        chat_type=chat.get("type"),
        user_id=user.get("id"),
        language_code=user.get("language_code"),
        name=_name(user),
        text=text if isinstance(text, str) else "",
        media=next((key for key in MEDIA if key in message), None),
        message_id=message.get("message_id"),
        reply_to_text=str(replied.get("text") or replied.get("caption") or ""),
    )


def parse_update(raw: bytes) -> ChatUpdate:
    try:
        data = json.loads(raw)
        update_id = int(data["update_id"])
    except (ValueError, TypeError, KeyError) as exc:
        raise ChatUpdateError(f"not a Bot API update ({type(exc).__name__})") from exc
    for kind in (MESSAGE, EDITED):
        if isinstance(data.get(kind), dict):
            return _message(update_id, kind, data[kind])
    query = data.get(CALLBACK)
    if isinstance(query, dict):
        parsed = _message(update_id, CALLBACK, query.get("message") or {}, query.get("from") or {})
        return replace(parsed, callback_id=str(query.get("id") or ""), callback_data=str(query.get("data") or ""))
    other = next((key for key in data if key != "update_id"), "empty")
    return ChatUpdate(update_id=update_id, kind=OTHER, other=other)
