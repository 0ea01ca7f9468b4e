"""Requester-facing messages: Jinja2 templates (text + HTML, Danish and English) turned into a MIME message.

Operators override any template by putting a file of the same name in their templates folder.
"""

import random
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.header import Header
from email.utils import format_datetime, formataddr, make_msgid
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

from verification.contacts import ascii_form

TEMPLATE_LANGUAGES = ("da", "en")

LABEL_NAMES: Mapping[str, Mapping[str, str]] = {
    "da": {
        "access": "indsigt i dine personoplysninger",
        "rectification": "berigtigelse (rettelse) af dine oplysninger",
        "erasure": "sletning af dine oplysninger",
        "restriction": "begrænsning af behandlingen",
        "portability": "dataportabilitet (dine data i et maskinlæsbart format)",
        "objection": "indsigelse mod behandlingen",
        "marketing_optout": "afmelding af markedsføring og nyhedsbreve",
        "consent_withdrawal": "tilbagekaldelse af samtykke",
        "complaint": "en klage over vores behandling af personoplysninger",
        "question": "et spørgsmål om vores behandling af personoplysninger",
        "other": "en henvendelse, der ikke ser ud til at handle om personoplysninger",
    },
    "en": {
        "access": "access to your personal data",
        "rectification": "rectification (correction) of your data",
        "erasure": "erasure of your data",
        "restriction": "restriction of processing",
        "portability": "data portability (your data in a machine-readable format)",
        "objection": "an objection to our processing",
        "marketing_optout": "unsubscribing from marketing and newsletters",
        "consent_withdrawal": "withdrawal of a consent",
        "complaint": "a complaint about how we handled personal data",
        "question": "a question about how we process personal data",
        "other": "a message that does not seem to concern personal data",
    },
}

DANISH_MONTHS = "januar februar marts april maj juni juli august september oktober november december".split()
ENGLISH_MONTHS = "January February March April May June July August September October November December".split()

# Header values are made header-safe by `one_line` first; bodies go out as quoted-printable UTF-8.
_PART_HEAD = "MIME-Version: 1.0\r\nContent-Transfer-Encoding: quoted-printable\r\n"
_BARE_BREAK = re.compile(r"(?:\r\n|\r|\n)(?![ \t])")
MAX_ADDRESS = 320  # longer than any address a relay takes (RFC 5321: a path of 256)
MAX_ID = 900  # a Message-ID longer than this is no real one, and would not fit its header line (RFC 5322: 998)

_LINE_BREAKS = re.compile(r"[\r\n\t\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # C0, C1, and Unicode line breaks

# Quoted-printable as email.quoprimime.body_encode writes it: "=XX" for every byte but printable ASCII other than "="
# and space and tab (which are escaped only at a line's end).
_QP_ESCAPES = [f"={byte:02X}" for byte in range(256)]
_QP_UNSAFE = re.compile(r"[^\t -<>-~]")
_QP_LINE = 76  # longest encoded line, soft break "=" included (RFC 2045)


def template_language(language: str) -> str:
    """Danish for Danish; English for everything else (SPEC Templates)."""
    return "da" if language == "da" else "en"


def long_date(day: date, language: str) -> str:
    if template_language(language) == "da":
        return f"{day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def one_line(value: str, limit: int = 200) -> str:
    """Header-safe text: no line breaks or control characters can reach our headers (no header injection)."""
    return _LINE_BREAKS.sub(" ", value).strip()[:limit]


@lru_cache(maxsize=8)
def _environment(templates_dir: Path | None) -> Environment:
    loaders: list[Any] = []
    if templates_dir is not None:
        loaders.append(FileSystemLoader(str(templates_dir)))
    loaders.append(PackageLoader("handlers", "templates"))
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(name: str, language: str, context: Mapping[str, Any], templates_dir: Path | None = None) -> Rendered:
    """Render `<lang>/<name>.subject.txt`, `.txt` and `.html` with the same context."""
    lang = template_language(language)
    env = _environment(templates_dir)
    full = {**context, "lang": lang, "label_names": LABEL_NAMES[lang]}
    subject = env.get_template(f"{lang}/{name}.subject.txt").render(full)
    text = env.get_template(f"{lang}/{name}.txt").render(full)
    html = env.get_template(f"{lang}/{name}.html").render(full)
    return Rendered(subject=one_line(subject, 250), text=text, html=html)


def render_chat(name: str, language: str, context: Mapping[str, Any], templates_dir: Path | None = None) -> str:
    """Render `<lang>/<name>.chat.txt`: the plain-text chat variant of a message (no subject, no HTML)."""
    lang = template_language(language)
    full = {**context, "lang": lang, "label_names": LABEL_NAMES[lang]}
    return _environment(templates_dir).get_template(f"{lang}/{name}.chat.txt").render(full).strip()


def new_message_id(domain: str) -> str:
    return make_msgid(domain=domain)


def compose(
    *,
    rendered: Rendered,
    sender: str,
    sender_name: str,
    recipient: str,
    message_id: str,
    sent_at: datetime,
    language: str,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    automatic: bool = True,
    auto_submitted: str = "auto-replied",
) -> bytes:
    """A complete RFC 5322 message (CRLF), threaded to the message it answers and marked as automatic.

    `auto_submitted` is "auto-replied" for answers to a message, "auto-generated" for mail that answers none (RFC 3834).
    """
    subject = rendered.subject
    headers = [
        ("From", formataddr((one_line(sender_name), one_line(sender)), charset="utf-8")),
        ("To", to_header(recipient)),
        ("Subject", subject if subject.isascii() else Header(subject, "utf-8", header_name="Subject").encode()),
        ("Date", format_datetime(sent_at)),
        ("Message-ID", message_id),
    ]
    answered = _message_id(in_reply_to or "")
    if answered:
        chain = [ref for ref in map(_message_id, references) if ref] + [answered]
        headers += [("In-Reply-To", answered), ("References", " ".join(dict.fromkeys(chain[-20:])))]
    if automatic:
        headers += [("Auto-Submitted", auto_submitted), ("X-Auto-Response-Suppress", "All")]
    headers.append(("Content-Language", template_language(language)))
    return _alternative(headers, rendered.text, rendered.html)


def to_header(recipient: str) -> str:
    """The recipient as the To header carries it: plain ASCII where the address has such a form (an IDNA domain);
    else the UTF-8 address itself (RFC 6532; the message then goes only with SMTPUTF8). An encoded word, which is what
    the email package writes, is not allowed inside an address and leaves the header unreadable as one."""
    address = one_line(recipient, MAX_ADDRESS)  # whole, as the envelope takes it: a cut one would be another address
    return ascii_form(address) or address


def _message_id(value: str) -> str:
    """A Message-ID fit for our threading headers; one longer than MAX_ID is no real one: left out, not cut short."""
    found = one_line(value, MAX_ID + 1)
    return found if len(found) <= MAX_ID else ""


def _alternative(headers: list[tuple[str, str]], text: str, html: str) -> bytes:
    """multipart/alternative with quoted-printable UTF-8 text and HTML parts, CRLF line ends.

    Written out directly rather than through email.mime and its generator (a fifth of the pipeline's time per
    message, for a message whose shape never changes); the bytes are those the compat32 generator writes, header
    folding included (tests/test_replies.py compares the two).
    """
    parts = [_part("plain", text), _part("html", html)]
    boundary = _boundary()
    head = [("Content-Type", f'multipart/alternative; boundary="{boundary}"'), ("MIME-Version", "1.0"), *headers]
    delimiter = f"--{boundary}\r\n"
    out = [*(_fold(name, value) for name, value in head), "\r\n", delimiter, parts[0]]
    out += ["\r\n", delimiter, parts[1], f"\r\n--{boundary}--\r\n"]
    return "".join(out).encode("utf-8")  # ASCII but for an address header beyond it


def _part(subtype: str, body: str) -> str:
    head = f'Content-Type: text/{subtype}; charset="utf-8"\r\n' + _PART_HEAD  # each fits a line: nothing to fold
    return head + "\r\n" + _quoted_printable(body)


def _quoted_printable(body: str) -> str:
    """The UTF-8 body as email.charset encodes it (quoprimime.body_encode of its bytes), with CRLF line ends.

    Line by line, each escaped by pattern instead of str.translate over every character (three times the cost).
    Nothing is cached: the lines hold requesters' names and staff's words, which must not outlive the message.
    tests/test_replies.py compares the bytes with the email package's.
    """
    if not body:
        return ""
    data = body.encode("utf-8").decode("latin-1")  # one byte a character, as email.charset encodes
    lines = data.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # CRLF, CR or LF
    return "\r\n".join([_qp_encode(line) for line in lines])


def _qp_encode(line: str) -> str:
    """One line (bytes as latin-1 characters, no line break) in quoted-printable: escaped, then cut into lines of at
    most 76 characters with soft breaks that never split an escape, and a space or tab at its end escaped."""
    line = _QP_UNSAFE.sub(lambda match: _QP_ESCAPES[ord(match.group())], line)
    out: list[str] = []
    start, last = 0, len(line) - _QP_LINE - 1  # a line of up to 76 characters stays whole
    while start <= last:
        stop = start + _QP_LINE - 1
        if line[stop - 2] == "=":  # an escape would be cut: its "=" ends this line as the soft break
            out.append(line[start : stop - 1])
            start = stop - 2
        elif line[stop - 1] == "=":
            out.append(line[start:stop])
            start = stop - 1
        else:
            out.append(line[start:stop] + "=")
            start = stop
    if line and line[-1] in " \t":
        room = start - last
        if room >= 3:
            tail = line[start:-1] + _QP_ESCAPES[ord(line[-1])]
        elif room == 2:
            tail = line[start:] + "=\r\n"  # the space stays, and the soft break leaves an empty line after it
        else:
            tail = line[start:-1] + "=\r\n" + _QP_ESCAPES[ord(line[-1])]
        out.append(tail)
    else:
        out.append(line[start:])
    return "\r\n".join(out)


_ADDRESS_HEADERS = frozenset({"To"})  # a bare address, never encoded words (see to_header)


def _fold(name: str, value: str) -> str:
    """One header line as compat32 writes it: values that fit on a line as they are, longer or non-ASCII ones
    folded and encoded by email.header."""
    if _BARE_BREAK.search(value):  # callers pass one_line() values; a break not followed by a fold would add a header
        raise ValueError(f"line break in the {name} header")
    if len(name) + 2 + len(value) <= 78 and value.isascii() and "\n" not in value and "\r" not in value:
        return f"{name}: {value}\r\n"
    if name in _ADDRESS_HEADERS and not value.isascii():
        return f"{name}: {value}\r\n"  # RFC 6532: an address as it is, in UTF-8 (one address is far below 998)
    folded = Header(value, header_name=name).encode(linesep="\r\n", maxlinelen=78)
    return f"{name}: {folded}\r\n"


def _boundary() -> str:
    """A random boundary like the generator's; it cannot occur in a quoted-printable part, where every "=" starts
    an escape or a soft line break."""
    return "=" * 15 + f"{random.randrange(sys.maxsize):019d}" + "=="
