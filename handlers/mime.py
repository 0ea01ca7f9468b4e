"""Robust reading of inbound mail into the few facts the pipeline needs (SPEC pipeline step 2).

Real-world mail breaks the standard library's modern email API in many small ways (LIBRARIES.md): header
objects raise IndexError, ValueError, AttributeError, TypeError, UnboundLocalError, OverflowError or
RecursionError on odd addresses, Message-IDs, dates and parameters; get_content() raises LookupError on
unknown charsets; the parser itself raises on bad Content-Type parameters and recurses on deep nesting. This
module uses the modern API first and repairs around every failure (compat32 rules, hand decoding, charset
fallbacks), so one bad message never stops the worker. What was repaired is listed in ParsedMessage.defects
for the staff. Everything here is pure: no I/O.
"""

from __future__ import annotations

import binascii
import codecs
import email
import email.parser
import email.policy
import email.utils
import hashlib
import html
import quopri
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from html.parser import HTMLParser
from typing import overload

__all__ = ["Attachment", "MessageParseError", "ParsedMessage", "message_key", "parse_message"]

MAX_DEPTH = 20  # multipart nesting we descend into; deeper parts are ignored (defect noted)
MAX_PARTS = 500  # MIME parts we look at; more are ignored (defect noted)
MAX_TEXT = 200_000  # characters of body text kept (defect noted when cut)
MAX_HTML_INPUT = 1_000_000  # characters of HTML fed to the converter
MAX_HEADER_FIELDS = 500  # header fields kept from the top-level header block
MAX_HEADER_VALUE = 16_000  # characters kept of one header value
MAX_MODERN_ADDRESS_HEADER = 2_000  # the modern address parser is slow (~15 ms/KB, worse when longer)
MAX_MODERN_HEADER = 8_000  # the same limit for unstructured headers
MAX_IDS = 100  # message-ids kept from References / In-Reply-To (the first and the newest ones)
MAX_DEFECTS = 50
MAX_REPAIRS = 3  # broken multipart boundaries we try to repair per message

_MODERN = email.policy.default
_COMPAT = email.policy.compat32


class MessageParseError(Exception):
    """The raw bytes cannot be understood as a message at all; str(exc) is the reason shown to staff."""


@dataclass(frozen=True)
class Attachment:
    """Metadata of a non-body part; the content stays in the stored raw message."""

    filename: str | None
    content_type: str
    size: int


@dataclass(frozen=True)
class ParsedMessage:
    """What the pipeline sees of one message; every field is already decoded and safe to use."""

    message_id: str | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    from_addr: str | None
    from_name: str
    to_addrs: tuple[str, ...]
    date: datetime | None
    text: str
    html: bool
    attachments: tuple[Attachment, ...]
    headers: dict[str, tuple[str, ...]]
    content_type: str
    defects: tuple[str, ...]


# ------------------------------------------------------------------------------------------------------------
# Small helpers


class _Notes:
    """Ordered, de-duplicated, capped list of repair notes (one bad message must not flood the staff log)."""

    def __init__(self) -> None:
        self._items: dict[str, None] = {}

    def add(self, note: str) -> None:
        if note in self._items:
            return
        if len(self._items) < MAX_DEFECTS:
            self._items[note] = None
        elif len(self._items) == MAX_DEFECTS:
            self._items["further defects omitted"] = None

    def items(self) -> tuple[str, ...]:
        return tuple(self._items)


_SURROGATE_RUN = re.compile("[\udc80-\udcff]+")
_OTHER_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_CODECS = frozenset({"punycode", "idna", "unicode-escape", "raw-unicode-escape"})


def _exc_name(exc: BaseException) -> str:
    return type(exc).__name__


def _lookup_charset(name: object) -> str | None:
    """Python codec name for a declared charset, or None when unknown, bogus, or not safe to run on mail.

    punycode is refused because it is quadratic (seconds for a few hundred KB); *_escape codecs interpret
    backslashes.
    """
    if not isinstance(name, str):
        return None
    cleaned = name.strip().strip("\"'").lower()
    if not cleaned or len(cleaned) > 40 or not re.fullmatch(r"[a-z0-9._:+()-]+", cleaned):
        return None
    for candidate in (cleaned, cleaned.removeprefix("x-")):
        try:
            info = codecs.lookup(candidate)
        except (LookupError, ValueError, TypeError):
            continue
        if not getattr(info, "_is_text_encoding", True):
            return None
        codec = info.name.replace("_", "-")
        return None if codec in _UNSAFE_CODECS else info.name
    return None


def _decode_strict(data: bytes, codec: str, final: bool) -> str | None:
    """Decode or return None; final=False tolerates a multibyte sequence cut by our own truncation."""
    try:
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        return decoder.decode(data, final=final)
    except (UnicodeError, LookupError, ValueError, TypeError):
        return None
    except Exception:  # a codec misbehaving on hostile input must not stop the worker
        return None


def _decode_bytes(data: bytes, charset: str | None, notes: _Notes, what: str, final: bool = True) -> str:
    """Text from bytes: declared charset, then UTF-8, then windows-1252 with replacement (never fails)."""
    codec = _lookup_charset(charset) if charset else None
    if codec in ("iso8859-1", "latin-1"):
        codec = "cp1252"  # what senders labelling Latin-1 really mean (as in WHATWG); falls back below
    for attempt in (codec, "utf-8"):
        text = _decode_strict(data, attempt, final) if attempt else None
        if text is None:
            continue
        if charset and codec is None:
            notes.add(f"unknown charset {_short(charset)!r} in {what}; decoded as utf-8")
        elif codec and attempt != codec:
            notes.add(f"{what} was not valid {_short(charset)}; decoded as utf-8")
        return text
    if codec == "cp1252":
        return data.decode("cp1252", errors="replace")  # only the five bytes cp1252 leaves undefined fail
    if charset and codec is None:
        notes.add(f"unknown charset {_short(charset)!r} in {what}; decoded as windows-1252")
    elif charset:
        notes.add(f"{what} was not valid {_short(charset)}; decoded as windows-1252")
    else:
        notes.add(f"{what} has 8-bit text without a charset; decoded as windows-1252")
    return data.decode("cp1252", errors="replace")


def _short(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _unsurrogate(value: str) -> tuple[str, bool]:
    """Turn surrogate-escaped 8-bit bytes (how the parser keeps raw header bytes) back into text.

    Each run is decoded as UTF-8 (RFC 6532), else windows-1252; the flag says a legacy charset was guessed.
    """
    guessed = False

    def repl(match: re.Match[str]) -> str:
        nonlocal guessed
        raw = bytes(ord(ch) - 0xDC00 for ch in match.group(0))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            guessed = True
            return raw.decode("cp1252", errors="replace")

    if not _OTHER_SURROGATE.search(value):
        return value, False
    value = _SURROGATE_RUN.sub(repl, value)
    value = _OTHER_SURROGATE.sub("\ufffd", value)
    return value, guessed


def _single_line(value: str) -> str:
    """One display line: CR/LF/tabs and other control characters become spaces, ends trimmed."""
    value = re.sub(r"[\r\n\t\x0b\x0c\x1c-\x1f\x85\u2028\u2029]+", " ", value)
    value = re.sub(r"[\x00-\x08\x0e-\x1b\x7f]", "", value)
    return value.strip()


# ------------------------------------------------------------------------------------------------------------
# Headers


def _prep_value(name: str, value: object, notes: _Notes) -> str:
    """A header's raw value as clean text: 8-bit bytes decoded, unfolded, no NULs, size-capped."""
    try:
        text = value if isinstance(value, str) else str(value)
    except Exception as exc:
        notes.add(f"{name} header unreadable ({_exc_name(exc)}); ignored")
        return ""
    text, guessed = _unsurrogate(text)
    if guessed:
        notes.add(f"8-bit characters in the {name} header decoded as windows-1252")
    if "\x00" in text:
        notes.add(f"NUL bytes removed from the {name} header")
        text = text.replace("\x00", "")
    text = re.sub(r"\r?\n(?=[ \t])", "", text)
    text = re.sub(r"[\r\n]+", " ", text)
    if len(text) > MAX_HEADER_VALUE:
        notes.add(f"{name} header cut to {MAX_HEADER_VALUE} characters")
        text = text[:MAX_HEADER_VALUE]
    return text


def _prep_fields(items: Iterable[tuple[object, object]], notes: _Notes) -> list[tuple[str, str]]:
    """(lowercased name, clean raw value) for each header field, in order, capped."""
    fields: list[tuple[str, str]] = []
    try:
        for count, (name, value) in enumerate(items):
            if count >= MAX_HEADER_FIELDS:
                notes.add(f"more than {MAX_HEADER_FIELDS} header fields; the rest ignored")
                break
            try:
                clean_name = _unsurrogate(str(name))[0].strip().lower()
            except Exception:
                continue
            if clean_name:
                fields.append((clean_name, _prep_value(clean_name.title(), value, notes)))
    except Exception as exc:
        notes.add(f"header block partly unreadable ({_exc_name(exc)})")
    return fields


_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,60})\?([qQbB])\?([^?\s]*)\?=")
_QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")


def _decode_words_compat(value: str, notes: _Notes, what: str) -> str:
    """RFC 2047 decoding by hand (compat32 rules) with the charset fallback chain; never raises.

    Adjacent encoded words in one charset are joined before decoding, since senders split UTF-8 sequences.
    """
    out: list[str] = []
    run_bytes = b""
    run_charset: str | None = None
    pos = 0
    prev_was_word = False

    def flush() -> None:
        nonlocal run_bytes, run_charset
        if run_charset is not None:
            out.append(_decode_bytes(run_bytes, run_charset, notes, what))
        run_bytes, run_charset = b"", None

    for match in _ENCODED_WORD.finditer(value):
        between = value[pos : match.start()]
        pos = match.end()
        charset = match.group(1).split("*", 1)[0]
        encoding = match.group(2).lower()
        payload = match.group(3).encode("ascii", errors="replace")
        if encoding == "q":
            data = _QP_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), payload.replace(b"_", b" "))
        else:
            try:
                data = binascii.a2b_base64(payload + b"=" * (-len(payload) % 4))
            except (binascii.Error, ValueError):
                notes.add(f"bad base64 encoded-word in {what}; kept as written")
                flush()
                out.append(between + match.group(0))
                prev_was_word = False
                continue
        if prev_was_word and not between.strip():
            between = ""  # RFC 2047 6.2: whitespace between encoded words is not displayed
        if between:
            flush()
            out.append(between)
        if run_charset is not None and run_charset.lower() != charset.lower():
            flush()
        run_charset = charset if run_charset is None else run_charset
        run_bytes += data
        prev_was_word = True
    flush()
    out.append(value[pos:])
    return "".join(out)


def _decode_text_header(value: str, notes: _Notes, what: str) -> str:
    """Decoded unstructured header text: modern parser first, by hand when it fails or loses characters."""
    if "=?" not in value:
        return value
    if len(value) <= MAX_MODERN_HEADER:
        try:
            text = str(_MODERN.header_factory("x-privacybot-text", value))
            text, _ = _unsurrogate(text)
            if "\ufffd" not in text or "\ufffd" in value:
                return text
            # The modern parser replaced bytes of an unknown charset; our fallback chain does better.
        except Exception as exc:
            notes.add(f"{what} header rejected by the modern parser ({_exc_name(exc)}); decoded by hand")
    return _decode_words_compat(value, notes, what)


def _normalise_addr(addr: str) -> str | None:
    """addr-spec with the domain lowercased, or None when it is not a usable address."""
    addr = addr.strip().strip("<>").strip()
    if "@" not in addr or len(addr) > 320:
        return None
    local, _, domain = addr.rpartition("@")
    if not local or not domain or re.search(r"[\s<>,;\x00-\x1f\x7f\"]", domain):
        return None
    if re.search(r"[\x00-\x1f\x7f]", local) or (re.search(r"\s", local) and not local.startswith('"')):
        return None
    return f"{local}@{domain.lower()}"


# Plain shapes the modern parser reads without an exception and to the same value as these patterns: they are read
# by pattern, anything else by the header registry (building a header object was half the cost of parse_message).
# ASCII only; atoms without "=" or "?", parameter values quoted without "=?" or backslash; no comment, no duplicate
# parameter: so no encoded word, escape or RFC 2231 parameter, whose readings are the parser's to decide.
_ATOM = r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+"
_DOT_ATOM = rf"{_ATOM}(?:\.{_ATOM})*"
_PLAIN_ADDR = rf"{_DOT_ATOM}@{_DOT_ATOM}"
_PLAIN_MAILBOX = re.compile(rf"[ \t]*(?:({_ATOM}(?: {_ATOM})*) ?<({_PLAIN_ADDR})>|({_PLAIN_ADDR}))[ \t]*")
_PLAIN_MSGID = re.compile(rf"[ \t]*<{_PLAIN_ADDR}>[ \t]*")
_MONTH = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_PLAIN_DATE = re.compile(
    rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{{1,2}} (?:{_MONTH}) \d{{4}} \d\d:\d\d:\d\d [+-]\d{{4}}"
)
_TOKEN = r"[A-Za-z0-9!#$&+^_`{|}~-]+"  # RFC 2045 token without "." "%" "*" "'" (RFC 2231, the parser's specials)
_PLAIN_MIME_VALUE = re.compile(rf"[ \t]*({_TOKEN}(?:/{_TOKEN})?)[ \t]*")
_PLAIN_PARAM = re.compile(rf';[ \t]*([A-Za-z0-9_-]+)=(?:({_TOKEN})|"((?:[!#-<>-\[\]-~]|=(?!\?))*)")[ \t]*')


def _plain_mailboxes(value: str) -> list[tuple[str, str]] | None:
    """The (display name, addr-spec) pairs of a list of plain mailboxes, as the modern parser reads them; None for
    any other shape."""
    pairs = []
    for item in value.split(","):
        match = _PLAIN_MAILBOX.fullmatch(item)
        if match is None:
            return None
        name, angle, bare = match.groups()
        pairs.append((name or "", angle or bare))
    return pairs


def _mailboxes(name: str, value: str, notes: _Notes) -> list[tuple[str, str]]:
    """(display name, addr-spec) pairs of an address header; plain ones by pattern, else modern parser first, then
    compat32."""
    plain = _plain_mailboxes(value) if len(value) <= MAX_MODERN_ADDRESS_HEADER else None
    if plain is not None:
        return [(display, addr) for display, addr_spec in plain if (addr := _normalise_addr(addr_spec))]
    if len(value) <= MAX_MODERN_ADDRESS_HEADER:
        try:
            header = _MODERN.header_factory(name, value)
            result = []
            for address in header.addresses:
                addr = _normalise_addr(address.addr_spec)
                if addr:
                    result.append((_single_line(_unsurrogate(address.display_name or "")[0]), addr))
            return _angle_address(value, result, name, notes)
        except Exception as exc:
            label = name.title()
            notes.add(f"{label} header rejected by the modern parser ({_exc_name(exc)}); used compat32")
    else:
        notes.add(f"{name.title()} header too long for the modern parser; read with compat32")
    try:
        pairs = email.utils.getaddresses([value])
    except Exception as exc:
        notes.add(f"{name.title()} header unreadable ({_exc_name(exc)})")
        return []
    result = []
    for display, addr_spec in pairs:
        addr = _normalise_addr(addr_spec)
        if addr:
            result.append((_single_line(_decode_text_header(display, notes, name.title())), addr))
    return _angle_address(value, result, name, notes)


_ONE_ANGLE = re.compile(r"([^<>]*)<([^<>]*)>[ \t]*")


def _angle_address(value: str, found: list[tuple[str, str]], name: str, notes: _Notes) -> list[tuple[str, str]]:
    """`found`, unless the header is one mailbox "name <address>" whose name the parsers took for the address
    ("a@b.dk <c@d.dk>", an unquoted "@" in the name): mail clients answer the address in angle brackets, and so
    do we."""
    match = _ONE_ANGLE.fullmatch(value)
    angle = _normalise_addr(match.group(2)) if match else None
    if match is None or angle is None or len(found) != 1 or found[0][1] == angle:
        return found
    notes.add(f"{name.title()} header: a name that looks like an address; the address in angle brackets used")
    return [(_single_line(match.group(1).strip().strip('"')), angle)]


_MSGID = re.compile(r"<([^<>]*)>")


def _canonical_msgid(value: str) -> str | None:
    """The first message-id in its "<id@host>" form, whitespace removed, or None."""
    match = _MSGID.search(value)
    if match:
        inner = re.sub(r"\s+", "", match.group(1))
    else:
        tokens = value.split()
        inner = tokens[0].strip("<>") if tokens else ""
    inner = inner[:990]
    return f"<{inner}>" if inner else None


def _msgid_list(value: str) -> list[str]:
    """All message-ids of In-Reply-To/References in "<...>" form; bare tokens with "@" are accepted too."""
    ids = [f"<{inner}>" for inner in (re.sub(r"\s+", "", m) for m in _MSGID.findall(value)) if inner]
    if not ids and "<" not in value:
        ids = [f"<{token}>" for token in value.split() if "@" in token]
    return ids


def _capped_ids(ids: list[str]) -> tuple[str, ...]:
    """De-duplicated; keeps the thread root and the newest ids when there are too many."""
    unique = list(dict.fromkeys(i[:992] for i in ids))
    if len(unique) > MAX_IDS:
        unique = unique[:1] + unique[-(MAX_IDS - 1) :]
    return tuple(unique)


def _message_id(value: str, notes: _Notes) -> str | None:
    """The canonical Message-ID, noting when the modern parser rejects the header (a plain one it cannot)."""
    if not _PLAIN_MSGID.fullmatch(value):
        try:
            str(_MODERN.header_factory("message-id", value))
        except Exception as exc:
            notes.add(f"Message-ID header rejected by the modern parser ({_exc_name(exc)}); raw value kept")
    return _canonical_msgid(value)


def _parse_date(value: str, notes: _Notes) -> datetime | None:
    """Aware datetime of the Date header; "-0000" / missing zone is taken as UTC; None when broken."""
    result = None
    if _PLAIN_DATE.fullmatch(value):
        try:  # what the modern parser's date header holds: the same function's result
            result = email.utils.parsedate_to_datetime(value)
        except Exception:
            result = None  # read again below, where the failure is noted as before
    if result is None and len(value) <= 300:
        try:
            result = _MODERN.header_factory("date", value).datetime
        except Exception as exc:
            notes.add(f"Date header rejected by the modern parser ({_exc_name(exc)})")
        if result is None:
            try:
                result = email.utils.parsedate_to_datetime(value)
            except Exception:
                result = None
    if not isinstance(result, datetime):
        notes.add("Date header could not be understood")
        return None
    try:
        if result.tzinfo is None or result.utcoffset() is None:
            result = result.replace(tzinfo=UTC)
        result.astimezone(UTC)
    except Exception:
        notes.add("Date header out of range")
        return None
    return result


# ------------------------------------------------------------------------------------------------------------
# Parts


@dataclass(frozen=True)
class _Mime:
    ctype: str
    charset: str | None
    disposition: str | None
    filename: str | None
    boundary: str | None
    cte: str


def _params_plain(header_name: str, value: str) -> tuple[str, dict[str, str]] | None:
    """(main value, params) of a plain Content-Type / Content-Disposition, as _params_modern reads it (a type and
    subtype for Content-Type, a bare token for Content-Disposition; token or quoted parameters); None otherwise."""
    head = _PLAIN_MIME_VALUE.match(value)
    if head is None or ("/" in head.group(1)) != (header_name == "content-type"):
        return None
    params: dict[str, str] = {}
    pos, size = head.end(), len(value)
    while pos < size:
        param = _PLAIN_PARAM.match(value, pos)
        if param is None:
            return None
        key, token, quoted = param.groups()
        if key.lower() in params:
            return None  # which duplicate wins depends on letter case and RFC 2231 sections: the parser decides
        params[key.lower()] = token if token is not None else quoted
        pos = param.end()
    return head.group(1).lower(), params


def _params_modern(header_name: str, value: str) -> tuple[str, dict[str, str]]:
    header = _MODERN.header_factory(header_name, value)
    main = header.content_type if header_name == "content-type" else (header.content_disposition or "")
    params = {str(k).lower(): _unsurrogate(str(v))[0] for k, v in header.params.items()}
    return str(main).lower(), params


def _params_compat(header_name: str, value: str, notes: _Notes) -> tuple[str, dict[str, str]]:
    view = Message(policy=_COMPAT)
    view.set_raw(header_name, value)
    if header_name == "content-type":
        main = view.get_content_type()
    else:
        main = (view.get_content_disposition() or "").lower()
    params: dict[str, str] = {}
    for key, raw_value in (view.get_params(header=header_name) or [])[1:]:
        try:
            if isinstance(raw_value, tuple) and len(raw_value) == 3:  # RFC 2231: (charset, language, text)
                charset, _, text = raw_value
                data = str(text).encode("raw-unicode-escape")
                decoded = _decode_bytes(data, charset or "us-ascii", notes, f"{key} parameter")
            else:
                decoded = str(email.utils.collapse_rfc2231_value(raw_value))
            params[str(key).lower()] = _unsurrogate(decoded)[0]
        except Exception:
            continue
    return main, params


def _header_params(part: Message, header_name: str, notes: _Notes) -> tuple[str | None, dict[str, str], str]:
    """(main value, params, raw value) of Content-Type / Content-Disposition; modern first, then compat32."""
    raw_value = None
    try:
        for name, value in part.raw_items():
            if str(name).strip().lower() == header_name:
                raw_value = _prep_value(header_name, value, notes)
                break
    except Exception as exc:
        notes.add(f"part headers unreadable ({_exc_name(exc)})")
    if raw_value is None:
        return None, {}, ""
    plain = _params_plain(header_name, raw_value)
    if plain is not None:
        return plain[0], plain[1], raw_value
    try:
        main, params = _params_modern(header_name, raw_value)
        if "*" in raw_value and any("\ufffd" in v for v in params.values()):
            # RFC 2231 bytes the modern parser could not decode: the compat32 view applies our charset chain.
            try:
                _, params = _params_compat(header_name, raw_value, notes)
            except Exception:
                pass
        return main, params, raw_value
    except Exception as exc:
        label = header_name.title()
        notes.add(f"{label} header rejected by the modern parser ({_exc_name(exc)}); used compat32")
    try:
        main, params = _params_compat(header_name, raw_value, notes)
        return main, params, raw_value
    except Exception as exc:
        notes.add(f"{header_name.title()} header unreadable ({_exc_name(exc)}); ignored")
        return None, {}, raw_value


def _mime_info(part: Message, notes: _Notes) -> _Mime:
    ctype, ct_params, _ = _header_params(part, "content-type", notes)
    if not ctype or "/" not in ctype:
        try:
            ctype = str(part.get_default_type()).lower()
        except Exception:
            ctype = "text/plain"
    disposition, cd_params, _ = _header_params(part, "content-disposition", notes)
    filename = cd_params.get("filename") or ct_params.get("name")
    if filename:
        filename = _single_line(_decode_text_header(filename, notes, "attachment filename"))[:255] or None
    cte = ""
    try:
        for name, value in part.raw_items():
            if str(name).strip().lower() == "content-transfer-encoding":
                cte = _prep_value("Content-Transfer-Encoding", value, notes).strip().lower()
                break
    except Exception:
        cte = ""
    return _Mime(
        ctype=ctype,
        charset=ct_params.get("charset"),
        disposition=disposition or None,
        filename=filename,
        boundary=ct_params.get("boundary"),
        cte=cte,
    )


def _decode_transfer(payload: object, cte: str) -> bytes:
    """Undo the transfer encoding by hand, for when the email package cannot."""
    if isinstance(payload, bytes):
        data = payload
    else:
        data = str(payload).encode("ascii", errors="surrogateescape") if payload is not None else b""
    try:
        if cte == "base64":
            return binascii.a2b_base64(b"".join(data.split()))
        if cte == "quoted-printable":
            return quopri.decodestring(data)
    except Exception:
        return data
    return data


def _payload_bytes(part: Message, mime: _Mime, notes: _Notes) -> bytes:
    """The decoded body bytes of a leaf part; never raises."""
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:
        notes.add(f"part body could not be decoded by the email package ({_exc_name(exc)}); decoded by hand")
        data = _decode_transfer(getattr(part, "_payload", b""), mime.cte)
    if data is None:
        return b""
    if isinstance(data, str):
        return data.encode("utf-8", errors="surrogateescape")
    if (
        mime.cte
        and mime.cte not in ("7bit", "8bit", "binary", "base64", "quoted-printable")
        and mime.cte not in ("x-uuencode", "uuencode", "uue", "x-uue")
    ):
        notes.add(f"unknown Content-Transfer-Encoding {_short(mime.cte)!r}; body taken as is")
    return bytes(data)


def _part_text(part: Message, mime: _Mime, notes: _Notes, limit: int) -> str:
    """Text of a text part, decoded with the charset fallback chain, NULs removed, at most `limit` chars."""
    data = _payload_bytes(part, mime, notes)
    cut = len(data) > limit * 4
    if cut:
        data = data[: limit * 4]
    text = _decode_bytes(data, mime.charset, notes, f"{mime.ctype} body", final=not cut)
    if "\x00" in text:
        notes.add("NUL bytes removed from the body text")
        text = text.replace("\x00", "")
    if cut or len(text) > limit:
        notes.add(f"body text cut to {limit} characters")
        text = text[:limit]
    return text


def _serialized_size(part: Message) -> int:
    """Size of an attached message (message/*), best effort."""
    try:
        payload = part.get_payload()
        subs = payload if isinstance(payload, list) else [part]
        return sum(len(sub.as_bytes(policy=_COMPAT)) for sub in subs if isinstance(sub, Message))
    except Exception:
        return 0


_BOUNDARY_LINE = re.compile(rb"^--([0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?])[ \t]*\r?$", re.M)


def _repair_multipart(part: Message, mime: _Mime, notes: _Notes) -> Message | None:
    """Re-read a multipart whose declared boundary never occurs, with the first boundary-like body line."""
    body = _payload_bytes(part, mime, notes)
    match = _BOUNDARY_LINE.search(body)
    if not match:
        return None
    boundary = match.group(1)
    if boundary.endswith(b"--") and len(boundary) > 2:
        boundary = boundary[:-2]
    if mime.boundary is not None and boundary == mime.boundary.encode("ascii", errors="replace"):
        return None
    ctype = mime.ctype.encode("ascii", errors="replace")
    head = b"Content-Type: " + ctype + b'; boundary="' + boundary + b'"\r\n\r\n'
    for policy in (_MODERN, _COMPAT):
        try:
            repaired = email.parser.BytesParser(policy=policy).parsebytes(head + body)
        except Exception:
            continue
        children = repaired.get_payload() if repaired.is_multipart() else None
        if children and any(list(child.raw_items()) for child in children if isinstance(child, Message)):
            declared = _short(mime.boundary)
            notes.add(f"multipart boundary {declared!r} not found; used the one found in the body")
            return repaired
    return None


# ------------------------------------------------------------------------------------------------------------
# HTML to text


class _HTMLText(HTMLParser):
    """Visible text of an HTML body with line breaks where a reader sees them."""

    _SKIP = frozenset({"script", "style", "title", "template", "head"})
    _BREAK = frozenset({"br", "div", "tr", "table", "ul", "ol", "hr", "section", "article", "footer"})
    _PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skip = 0
        self.pre = 0
        self.saw_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.saw_body = True
            self.skip = 0  # a <head> that was never closed ends here
        if tag in self._SKIP and not (tag == "head" and self.saw_body):
            self.skip += 1
        elif tag in self._BREAK:
            self.chunks.append("\n")
        elif tag in self._PARAGRAPH:
            self.chunks.append("\n\n")
        elif tag == "li":
            self.chunks.append("\n- ")
        elif tag in ("td", "th"):
            self.chunks.append(" ")
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAK:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self._PARAGRAPH:
            self.chunks.append("\n\n")
        elif tag in ("div", "tr", "table", "ul", "ol", "li"):
            self.chunks.append("\n")
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.chunks.append(data if self.pre else re.sub(r"\s+", " ", data))


def _tidy_lines(text: str) -> str:
    lines = [line.strip(" \t\xa0") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _html_to_text(markup: str, notes: _Notes) -> str:
    """Readable text of an HTML body; the stdlib parser, or a regex strip when it fails (AssertionError)."""
    markup = markup[:MAX_HTML_INPUT]
    try:
        parser = _HTMLText()
        parser.feed(markup)
        parser.close()
        return _tidy_lines("".join(parser.chunks))
    except Exception as exc:
        notes.add(f"HTML body not parseable ({_exc_name(exc)}); tags removed by pattern")
        text = re.sub(r"(?is)<(script|style|title)\b.*?</\1\s*>", " ", markup)
        text = re.sub(r"(?i)<\s*(br|/p|p|/div|div|/li|tr)\b[^>]*>", "\n", text)
        text = re.sub(r"<[^>]*>", " ", text)
        text = html.unescape(text)
        return _tidy_lines(re.sub(r"[ \t\r\f\v]+", " ", text))


# ------------------------------------------------------------------------------------------------------------
# Structure walk


_DEFECT_TEXT = {
    "StartBoundaryNotFoundDefect": "multipart boundary not found in the body",
    "CloseBoundaryNotFoundDefect": "multipart closing boundary missing",
    "FirstHeaderLineIsContinuationDefect": "first header line is a continuation line",
    "MisplacedEnvelopeHeaderDefect": "envelope 'From ' line inside the header block",
    "MissingHeaderBodySeparatorDefect": "header block not ended by an empty line",
    "MultipartInvariantViolationDefect": "multipart content type but no parts",
    "InvalidMultipartContentTransferEncodingDefect": "invalid transfer encoding on a multipart",
    "NoBoundaryInMultipartDefect": "multipart without a boundary parameter",
    "InvalidBase64PaddingDefect": "base64 body with bad padding (decoded anyway)",
    "InvalidBase64CharactersDefect": "base64 body with invalid characters (ignored)",
    "InvalidBase64LengthDefect": "base64 body with an impossible length (kept undecoded)",
}


def _note_parser_defects(part: Message, notes: _Notes) -> None:
    try:
        for defect in list(getattr(part, "defects", []) or [])[:20]:
            name = type(defect).__name__
            generic = re.sub(r"(?<!^)(?=[A-Z])", " ", name.removesuffix("Defect")).lower()
            notes.add(_DEFECT_TEXT.get(name, f"parser defect: {generic}"))
    except Exception:
        return


@dataclass
class _Candidate:
    kind: str  # "plain" or "html"
    part: Message
    mime: _Mime
    inside_message: bool
    parent: int


@dataclass
class _Walk:
    candidates: list[_Candidate]
    attachments: list[Attachment]
    content_type: str
    mixed_parents: set[int]


def _children(part: Message) -> list[Message]:
    try:
        payload = part.get_payload()
    except Exception:
        return []
    return [child for child in payload if isinstance(child, Message)] if isinstance(payload, list) else []


def _walk(root: Message, notes: _Notes) -> _Walk:
    """Iterative depth-first walk (document order) with depth and part-count limits; never recurses."""
    walk = _Walk(candidates=[], attachments=[], content_type="text/plain", mixed_parents=set())
    stack: list[tuple[Message, int, bool, int]] = [(root, 0, False, -1)]
    visited: list[Message] = []
    repairs = 0
    while stack:
        part, depth, inside, parent = stack.pop()
        if len(visited) >= MAX_PARTS:
            notes.add(f"more than {MAX_PARTS} MIME parts; the rest ignored")
            break
        visited.append(part)
        mime = _mime_info(part, notes)
        if len(visited) == 1:
            walk.content_type = mime.ctype
        try:
            is_multi = part.is_multipart()
        except Exception:
            is_multi = False
        if not is_multi and mime.ctype.startswith("multipart/") and repairs < MAX_REPAIRS:
            repairs += 1
            repaired = _repair_multipart(part, mime, notes)
            if repaired is not None:
                visited.append(repaired)
                part, is_multi = repaired, True
        if is_multi:
            if mime.ctype.startswith("message/"):
                if not inside:
                    walk.attachments.append(Attachment(mime.filename, mime.ctype, _serialized_size(part)))
                if mime.ctype not in ("message/rfc822", "message/global"):
                    continue  # delivery-status & co. are data blocks, not text for people
            if depth >= MAX_DEPTH:
                notes.add(f"MIME parts nested deeper than {MAX_DEPTH} levels; deeper parts ignored")
                continue
            child_inside = inside or mime.ctype.startswith("message/")
            if mime.ctype == "multipart/mixed":
                walk.mixed_parents.add(id(part))
            for child in reversed(_children(part)):
                stack.append((child, depth + 1, child_inside, id(part)))
            continue
        if mime.ctype.startswith("multipart/"):
            notes.add("multipart body without usable parts; read as plain text")
            mime = _Mime("text/plain", mime.charset, None, None, None, mime.cte)
        if mime.ctype in ("text/plain", "text/html") and mime.disposition != "attachment":
            kind = "plain" if mime.ctype == "text/plain" else "html"
            walk.candidates.append(_Candidate(kind, part, mime, inside, parent))
        elif not inside:  # parts of an attached message belong to it, not to this message
            size = len(_payload_bytes(part, mime, notes))
            walk.attachments.append(Attachment(mime.filename, mime.ctype, size))
    for part in visited:
        _note_parser_defects(part, notes)
    return walk


def _body(walk: _Walk, notes: _Notes) -> tuple[str, bool]:
    """The best human-readable text: first text/plain (an Apple-style split body joined), else HTML."""
    for inside in (False, True):
        for kind in ("plain", "html"):
            group = [c for c in walk.candidates if c.kind == kind and c.inside_message == inside]
            for index, candidate in enumerate(group):
                limit = MAX_TEXT if kind == "plain" else MAX_HTML_INPUT
                text = _part_text(candidate.part, candidate.mime, notes, limit)
                if kind == "html":
                    text = _html_to_text(text, notes)
                text = _normalise_newlines(text)
                if not text.strip():
                    continue
                if kind == "plain":
                    if candidate.parent in walk.mixed_parents:
                        text = _join_split_body(text, candidate, group[index + 1 :], notes)
                if len(text) > MAX_TEXT:
                    notes.add(f"body text cut to {MAX_TEXT} characters")
                    text = text[:MAX_TEXT]
                return text, kind == "html"
    return "", False


def _join_split_body(text: str, first: _Candidate, later: list[_Candidate], notes: _Notes) -> str:
    """Apple Mail splits one body around inline images into text/plain siblings of a multipart/mixed."""
    pieces, size = [text], len(text)
    for sibling in (c for c in later if c.parent == first.parent):
        if size > MAX_TEXT:
            break  # the caller cuts and notes it
        piece = _normalise_newlines(_part_text(sibling.part, sibling.mime, notes, MAX_TEXT))
        if piece:
            pieces.append(piece)
            size += len(piece) + 2
    return "\n\n".join(pieces)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# ------------------------------------------------------------------------------------------------------------
# Parsing entry points


def _parse_tree(raw: bytes, notes: _Notes) -> Message | None:
    """The MIME tree: compat32, else the modern policy, else headers only (deep nesting makes it recurse).

    compat32 first because this module reads every header itself (raw_items and the guarded header helpers above),
    while the modern policy parses Content-Type again on each of the feed parser's own lookups: ~3x the cost.
    """
    attempts = (
        (_COMPAT, False, "compat32"),
        (_MODERN, False, "modern"),
        (_MODERN, True, "headers-only"),
    )
    for policy, headers_only, label in attempts:
        try:
            root = email.parser.BytesParser(policy=policy).parsebytes(raw, headersonly=headers_only)
        except Exception as exc:
            notes.add(f"{label} MIME parser failed ({_exc_name(exc)})")
            continue
        if headers_only:
            notes.add("MIME structure unreadable; body read as plain text")
            return _headers_only_as_text(root, notes)
        return root
    return None


_MIME_FIELDS = frozenset({"content-type", "content-transfer-encoding", "content-disposition"})


def _headers_only_as_text(root: Message, notes: _Notes) -> Message:
    """After a headers-only parse the body is one string: present it as a text/plain leaf."""
    leaf = Message(policy=_COMPAT)
    try:
        for name, value in root.raw_items():
            if str(name).strip().lower() not in _MIME_FIELDS:
                leaf.set_raw(name, value)
        leaf.set_raw("Content-Type", "text/plain")
        payload = getattr(root, "_payload", "")
        leaf.set_payload(payload if isinstance(payload, str) else "")
    except Exception as exc:
        notes.add(f"message body unreadable ({_exc_name(exc)})")
    return leaf


_FIELD_NAME = re.compile(rb"[\x21-\x39\x3b-\x7e]+")


def _scan_header_block(raw: bytes) -> tuple[list[tuple[bytes | None, int, int]], int]:
    """Header fields of raw mail, found without the email package: (lowercased name, start, end), body offset.

    A field spans its continuation lines; the block ends at an empty line or at the first line that is not a
    header. A leading mbox "From " line is kept as a field without a name. CRLF and LF both work.
    """
    fields: list[tuple[bytes | None, int, int]] = []
    pos, size = 0, len(raw)
    while pos < size:
        newline = raw.find(b"\n", pos)
        end = size if newline < 0 else newline + 1
        line = raw[pos:end].rstrip(b"\r\n")
        if not line:
            return fields, pos
        if line[:1] in (b" ", b"\t"):
            if not fields:
                break
            name, start, _ = fields[-1]
            fields[-1] = (name, start, end)
        else:
            colon = line.find(b":")
            name = line[:colon].rstrip(b" \t") if colon > 0 else b""
            if name and _FIELD_NAME.fullmatch(name):
                fields.append((name.lower(), pos, end))
            elif pos == 0 and line.startswith(b"From "):
                fields.append((None, pos, end))
            else:
                break
        pos = end
    return fields, pos


def _parse_naive(raw: bytes, notes: _Notes) -> ParsedMessage:
    """Last resort when the email package cannot read the message at all: headers by scan, body as text."""
    fields, body_start = _scan_header_block(raw)
    items = []
    for name, start, end in fields:
        if name is None:
            continue
        line = raw[start:end].decode("ascii", errors="surrogateescape")
        value = line.split(":", 1)[1].lstrip(" \t").rstrip("\r\n")
        items.append((name.decode("ascii", errors="replace"), value))
    prepped = _prep_fields(items, notes)
    body = raw[body_start:].lstrip(b"\r\n")
    cut = len(body) > MAX_TEXT * 4
    text = _decode_bytes(body[: MAX_TEXT * 4], None, notes, "message body", final=not cut)
    if "\x00" in text:
        notes.add("NUL bytes removed from the body text")
        text = text.replace("\x00", "")
    if cut or len(text) > MAX_TEXT:
        notes.add(f"body text cut to {MAX_TEXT} characters")
        text = text[:MAX_TEXT]
    return _assemble(prepped, _normalise_newlines(text), False, [], "text/plain", notes)


def _readable(text: str) -> bool:
    """Whether text looks like language rather than decoded binary junk."""
    sample = text[:4096]
    if not sample.strip() or not any(ch.isalnum() for ch in sample):
        return False
    good = sum(1 for ch in sample if (" " <= ch <= "~") or ch in "\n\t" or ch.isalpha())
    return good >= 0.9 * len(sample)


def _assemble(
    fields: list[tuple[str, str]],
    text: str,
    is_html: bool,
    attachments: list[Attachment],
    content_type: str,
    notes: _Notes,
) -> ParsedMessage:
    """Header facts plus body into a ParsedMessage; MessageParseError when nothing usable is left."""
    if not fields and not attachments and not _readable(text):
        raise MessageParseError("no message headers and no readable text")

    def first(name: str) -> str | None:
        return next((value for key, value in fields if key == name), None)

    def every(name: str) -> list[str]:
        return [value for key, value in fields if key == name]

    headers: dict[str, list[str]] = {}
    for name, value in fields:
        decoded = value.strip()
        if "=?" in value:
            decoded = _single_line(_decode_text_header(value, notes, name.title()))
        headers.setdefault(name, []).append(decoded)

    subject_raw = first("subject")
    subject = _single_line(_decode_text_header(subject_raw, notes, "Subject")) if subject_raw else ""

    from_name, from_addr = "", None
    from_raw = first("from")
    if from_raw is not None:
        boxes = _mailboxes("from", from_raw, notes)
        if boxes:
            from_name, from_addr = boxes[0]
        elif from_raw.strip():
            notes.add("From header has no usable address")

    to_addrs: list[str] = []
    for value in every("to"):
        to_addrs.extend(addr for _, addr in _mailboxes("to", value, notes))

    msgid_raw = first("message-id")
    message_id = _message_id(msgid_raw, notes) if msgid_raw is not None else None
    in_reply_to = _capped_ids([i for value in every("in-reply-to") for i in _msgid_list(value)])
    references = _capped_ids([i for value in every("references") for i in _msgid_list(value)])
    date_raw = first("date")
    date = _parse_date(date_raw, notes) if date_raw is not None else None

    return ParsedMessage(
        message_id=_valid_text(message_id),
        in_reply_to=tuple(_valid_text(i) for i in in_reply_to),
        references=tuple(_valid_text(i) for i in references),
        subject=_valid_text(subject),
        from_addr=_valid_text(from_addr),
        from_name=_valid_text(from_name),
        to_addrs=tuple(_valid_text(a) for a in dict.fromkeys(to_addrs)),
        date=date,
        text=_valid_text(text),
        html=is_html,
        attachments=tuple(
            Attachment(_valid_text(a.filename), _valid_text(a.content_type), a.size) for a in attachments
        ),
        headers={_valid_text(name): tuple(map(_valid_text, values)) for name, values in headers.items()},
        content_type=_valid_text(content_type),
        defects=tuple(_valid_text(d) for d in notes.items()),
    )


@overload
def _valid_text(value: str) -> str: ...


@overload
def _valid_text(value: None) -> None: ...


def _valid_text(value: str | None) -> str | None:
    """No lone surrogates may leave this module: they cannot be stored or encoded as UTF-8."""
    if value is None or not _OTHER_SURROGATE.search(value):
        return value
    return _OTHER_SURROGATE.sub("\ufffd", value)


def _parse_structured(raw: bytes, notes: _Notes) -> ParsedMessage:
    root = _parse_tree(raw, notes)
    if root is None:
        return _parse_naive(raw, notes)
    try:
        items = list(root.raw_items())
    except Exception as exc:
        notes.add(f"header block unreadable ({_exc_name(exc)})")
        items = []
    fields = _prep_fields(items, notes)
    walk = _walk(root, notes)
    text, is_html = _body(walk, notes)
    return _assemble(fields, text, is_html, walk.attachments, walk.content_type, notes)


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse raw mail for the pipeline. Raises only MessageParseError, with a reason fit for the staff.

    The worker calls this on whatever arrived; any other exception would stop it, so every failure inside is
    repaired or turned into MessageParseError.
    """
    if isinstance(raw, bytearray | memoryview):
        raw = bytes(raw)
    if not isinstance(raw, bytes):
        raise MessageParseError(f"not raw bytes but {type(raw).__name__}")
    if not raw.strip(b" \t\r\n\x00"):
        raise MessageParseError("empty message")
    notes = _Notes()
    try:
        return _parse_structured(raw, notes)
    except MessageParseError:
        raise
    except Exception as exc:
        notes.add(f"internal error while reading the MIME structure ({_exc_name(exc)}); read without it")
    try:
        return _parse_naive(raw, notes)
    except MessageParseError:
        raise
    except Exception as exc:
        raise MessageParseError(f"message could not be read ({_exc_name(exc)})") from None


# ------------------------------------------------------------------------------------------------------------
# Duplicate detection

_TRACE_FIELDS = frozenset(
    {b"received", b"return-path", b"delivered-to", b"x-original-to", b"x-received", b"authentication-results"}
)
_TRACE_PREFIXES = (b"arc-", b"x-spam-")


def _is_trace(name: bytes | None) -> bool:
    return name is not None and (name in _TRACE_FIELDS or name.startswith(_TRACE_PREFIXES))


def message_key(raw: bytes) -> str:
    """Duplicate-detection key (sha256 hex), computed inside the SMTP server before its 250; never raises.

    It runs without the email package (fast, no parser failures). It covers the Message-ID value and every
    byte of the message except the trace fields a relay adds or rewrites on a retry (Received, Return-Path,
    Delivered-To, X-Original-To, X-Received, Authentication-Results, ARC-*, X-Spam-*), so the same message
    delivered twice gets the same key and any other difference a new one. Line endings are bytes too: the
    same text with LF instead of CRLF is a different key (a relay that rewrites line endings changes more
    than trace fields, and treating it as new only costs a duplicate case that staff can merge).
    """
    try:
        data = raw if isinstance(raw, bytes) else bytes(raw)
    except Exception:
        data = repr(raw).encode("utf-8", errors="replace")
    try:
        fields, body_start = _scan_header_block(data)
        message_id = b""
        for name, start, end in fields:
            if name == b"message-id":
                value = data[start:end].split(b":", 1)[1]
                message_id = re.sub(rb"\r?\n(?=[ \t])", b"", value).strip()
                break
        digest = hashlib.sha256()
        digest.update(b"message-id:%d:" % len(message_id) + message_id + b"\n")
        for name, start, end in fields:
            if not _is_trace(name):
                digest.update(data[start:end])
        digest.update(data[body_start:])
        return digest.hexdigest()
    except Exception:
        return hashlib.sha256(b"unscannable:" + data).hexdigest()
