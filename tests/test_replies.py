"""The reply composer writes the bytes the email package would: the same headers, folding, encoding and parts.

handlers.replies writes its fixed multipart/alternative shape directly (the email package's generator was a fifth of
the pipeline's time per message); these tests build the same message with email.mime, as the composer once did,
and compare the two byte for byte (the random boundary set equal), over awkward subjects, names, addresses,
threads and bodies.
"""

import random
import re
from datetime import UTC, datetime
from email import message_from_bytes, message_from_string
from email.charset import QP, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32, default
from email.utils import format_datetime, formataddr

import pytest

from handlers.replies import MAX_ID, Rendered, compose, one_line, template_language, to_header

UTF8 = Charset("utf-8")
UTF8.body_encoding = QP
BOUNDARY = re.compile(rb'boundary="(=+\d+==)"')


def with_email_package(**kw) -> bytes:  # noqa: ANN003 - the keyword arguments of compose()
    """The composer as it was written with email.mime and the compat32 generator."""
    rendered = kw["rendered"]
    message = MIMEMultipart("alternative")
    message["From"] = formataddr((one_line(kw["sender_name"]), one_line(kw["sender"])), charset="utf-8")
    message["To"] = to_header(kw["recipient"])  # an address beyond ASCII: see the test of to_header below
    subject = rendered.subject
    message["Subject"] = subject if subject.isascii() else Header(subject, "utf-8", header_name="Subject").encode()
    message["Date"] = format_datetime(kw["sent_at"])
    message["Message-ID"] = kw["message_id"]
    if kw.get("in_reply_to"):  # the inputs here are short, well-formed Message-IDs: none to leave out
        message["In-Reply-To"] = one_line(kw["in_reply_to"], MAX_ID)
        chain = [one_line(r, MAX_ID) for r in kw.get("references", ()) if r] + [one_line(kw["in_reply_to"], MAX_ID)]
        message["References"] = " ".join(dict.fromkeys(chain[-20:]))
    if kw.get("automatic", True):
        message["Auto-Submitted"] = kw.get("auto_submitted", "auto-replied")
        message["X-Auto-Response-Suppress"] = "All"
    message["Content-Language"] = template_language(kw["language"])
    message.attach(MIMEText(rendered.text, "plain", UTF8))
    message.attach(MIMEText(rendered.html, "html", UTF8))
    return message.as_bytes(policy=compat32.clone(linesep="\r\n"))


def same_boundary(ours: bytes, theirs: bytes) -> bytes:
    """`theirs` with its boundary replaced by ours (each is random)."""
    mine, other = BOUNDARY.search(ours), BOUNDARY.search(theirs)
    assert mine is not None and other is not None
    return theirs.replace(other.group(1), mine.group(1))


SUBJECTS = [
    "Vi har modtaget din henvendelse [PRV-2026-000123]",
    "Kvittering: anmodning om sletning af dine oplysninger, sendt til kundeservice [PRV-2026-000123] " * 2,
    "Re: Sletning af mine data – hvad sker der nu? æøå ÆØÅ [PRV-2026-000001]",
    "Angående din anmodning om indsigt " + "ø" * 90,
    "🙂 emoji and “quotes” in a subject [PRV-2026-000002]",
    "",
    "a" * 249,
]
NAMES = ["Cloud Service Danmark ApS", "Søren Ærø-Åberg", 'Name "with" quotes, and comma', "日本語 名前", "x" * 200]
RECIPIENTS = ["kunde@example.dk", "info@blåbær.dk", "a.very.long.address." * 4 + "x@example.com"]
BODIES = [
    "Hej\n\nTak for din besked.\n",
    "Linje med æøå og en meget lang linje " + "ord " * 40 + "\n" + "x" * 200 + "\n",
    "Trailing spaces   \nand tabs\t\nFrom the start\n.\n=3D literal\r\nCRLF and\rCR\n",
    "",
    "no newline at the end 🙂",
]


def compose_both(rng: random.Random) -> tuple[bytes, bytes]:
    thread = rng.random() < 0.7
    kw = {
        "rendered": Rendered(
            subject=one_line(rng.choice(SUBJECTS), 250), text=rng.choice(BODIES), html=f"<p>{rng.choice(BODIES)}</p>\n"
        ),
        "sender": "privacy@cloudservice.dk",
        "sender_name": rng.choice(NAMES),
        "recipient": rng.choice(RECIPIENTS),
        "message_id": f"<{rng.randrange(10**12)}.{rng.randrange(10**6)}@cloudservice.dk>",
        "sent_at": datetime(2026, 11, 28, rng.randrange(24), rng.randrange(60), tzinfo=UTC),
        "language": rng.choice(["da", "en", "de"]),
        "in_reply_to": f"<orig-{rng.randrange(10**9)}@mail.example.dk>" if thread else None,
        "references": [f"<ref-{n}-{rng.randrange(10**9)}@mail.example.dk>" for n in range(rng.randrange(25))],
        "automatic": rng.random() < 0.9,
        "auto_submitted": rng.choice(["auto-replied", "auto-generated"]),
    }
    return compose(**kw), with_email_package(**kw)


@pytest.mark.parametrize("seed", range(40))
def test_the_composer_writes_what_the_email_package_writes(seed):
    rng = random.Random(seed)
    for _ in range(25):
        ours, theirs = compose_both(rng)
        assert ours == same_boundary(ours, theirs)


def reply(rendered: Rendered, in_reply_to: str | None = None) -> bytes:
    """A confirmation-like reply from Cloud Service to Søren."""
    return compose(
        rendered=rendered,
        sender="privacy@cloudservice.dk",
        sender_name="Cloud Service Danmark ApS",
        recipient="soren@example.dk",
        message_id="<1@cloudservice.dk>",
        sent_at=datetime(2026, 11, 28, tzinfo=UTC),
        language="da",
        in_reply_to=in_reply_to,
    )


def test_a_composed_reply_reads_back_as_two_utf8_parts():
    raw = reply(Rendered(subject="Kvittering [PRV-2026-000123] æøå", text="Hej Søren\n", html="<p>Hej Søren</p>\n"))
    message = message_from_bytes(raw)
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_payload()
    assert text.get_payload(decode=True).decode("utf-8") == "Hej Søren\r\n"  # the wire form
    assert html.get_payload(decode=True).decode("utf-8") == "<p>Hej Søren</p>\r\n"
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF line ends only


def test_a_line_break_that_reached_a_header_value_stops_the_reply_instead_of_adding_a_header():
    with pytest.raises(ValueError, match="Subject"):
        reply(Rendered(subject="Hej\nBcc: everyone@example.dk", text="t", html="<p>t</p>"))


def test_a_reply_to_an_absurdly_long_message_id_leaves_it_out_rather_than_cutting_it_into_a_wrong_one():
    raw = reply(
        Rendered(subject="Kvittering", text="t", html="<p>t</p>"), in_reply_to="<" + "x" * 1200 + "@example.dk>"
    )
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    assert b"In-Reply-To" not in raw and b"References" not in raw


LINE_ENDINGS = ["", " ", "\t", "  ", " \t", "=", "= ", "æ", "æ ", "🙂", "\x0b", "\x85", "\u2028", "."]


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r", "\n\n", "\r\r\n"])
def test_quoted_printable_bodies_match_the_email_package_at_every_line_length_and_ending(line_break):
    """Line lengths around the 76-character limit (and twice it), each ending in a space, tab, "=", non-ASCII or
    nothing, with escapes falling on every position of a soft break; the composer encodes lines itself."""
    rng = random.Random(line_break)
    for size in [*range(70, 84), *range(146, 158)]:
        for ending in LINE_ENDINGS:
            lines = []
            for escapes in range(4):  # "=" and "ø" escape to 3 and 6 characters: they shift where the cut falls
                filler = rng.choice(["x", "=", "ø", "a b"])
                lines.append("x" * (size - escapes * len(filler)) + filler * escapes + ending)
            body = line_break.join(lines) + rng.choice(["", line_break])
            kw = receipt(body, body)
            ours = compose(**kw)
            assert ours == same_boundary(ours, with_email_package(**kw)), repr(body)


def receipt(text: str, html: str) -> dict:
    """compose()'s keyword arguments for a receipt with this body."""
    return {
        "rendered": Rendered(subject="Kvittering", text=text, html=html),
        "sender": "privacy@cloudservice.dk",
        "sender_name": "Cloud Service Danmark ApS",
        "recipient": "soren@example.dk",
        "message_id": "<1@cloudservice.dk>",
        "sent_at": datetime(2026, 11, 28, tzinfo=UTC),
        "language": "da",
    }


def test_a_repeated_line_and_a_very_long_line_are_encoded_as_the_email_package_does():
    """The same message twice gives the same bytes, and a line of thousands of characters is cut as it cuts it."""
    long_line = ("Sletning af mine data = æøå \t" * 60).strip()
    for body in ["Hej Søren \n" + long_line + " \n", "Hej Søren \n" + long_line + " \n", long_line]:
        kw = receipt(body, f"<p>{body}</p>")
        ours = compose(**kw)
        assert ours == same_boundary(ours, with_email_package(**kw))


def test_an_address_beyond_ascii_is_written_as_an_address_never_as_an_encoded_word():
    """A domain beyond ASCII goes in its IDNA form (the same mailbox, readable by any relay); a local part beyond
    ASCII goes as UTF-8 (RFC 6532), since an encoded word inside an address is no address at all."""
    at = datetime(2026, 11, 28, 9, tzinfo=UTC)
    common = {
        "rendered": Rendered("Kvittering", "Hej Søren\n", "<p>Hej Søren</p>"),
        "sender": "privacy@cloudservice.test",
        "sender_name": "Cloud Service Danmark ApS",
        "message_id": "<1@cloudservice.test>",
        "sent_at": at,
        "language": "da",
    }
    idn = message_from_bytes(compose(recipient="info@blåbær.dk", **common))
    assert idn["To"] == "info@xn--blbr-roah.dk"
    german = message_from_bytes(compose(recipient="anna@straße.de", **common))
    assert german["To"] == "anna@xn--strae-oqa.de"  # IDNA 2008; IDNA 2003 would name strasse.de, another domain
    separated = compose(recipient='"x\u2028To: v@example.dk\x85"@eksempel.dk', **common)  # Unicode line breaks
    assert "\u2028".encode() not in separated and "\x85".encode() not in separated
    raw = compose(recipient="søren@eksempel.dk", **common)
    assert "\r\nTo: søren@eksempel.dk\r\n".encode() in raw and b"=?" not in raw.split(b"\r\n\r\n")[0]
    utf8_reader = message_from_string(raw.decode("utf-8"), policy=default)  # as an RFC 6532 reader takes it
    assert utf8_reader["To"].addresses[0].addr_spec == "søren@eksempel.dk"
