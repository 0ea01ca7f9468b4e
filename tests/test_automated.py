"""handlers.automated: never auto-reply to an auto-reply, a bounce, a list or ourselves; always to people."""

from pathlib import Path

import pytest

from handlers.automated import automated_reason
from handlers.mime import ParsedMessage, parse_message

DATA = Path(__file__).parent / "data" / "mime"
OWN = ("privacy@cloudservice.test", "Privatliv@CloudService.test")
OWN_DOMAIN = "cloudservice.test"


def reason(parsed: ParsedMessage, envelope_from: str | None = None) -> str | None:
    return automated_reason(parsed, envelope_from, OWN, OWN_DOMAIN)


def fixture(name: str) -> ParsedMessage:
    return parse_message((DATA / name).read_bytes())


def message(*headers: str, subject: str = "Slet mine data", sender: str = "anne@example.dk") -> ParsedMessage:
    lines = [f"From: {sender}", "To: privacy@cloudservice.test", f"Subject: {subject}", *headers]
    raw = "\r\n".join(lines) + "\r\n\r\nHej, slet venligst alle mine oplysninger.\r\n"
    return parse_message(raw.encode("utf-8"))


@pytest.mark.parametrize(
    "name",
    [
        "plain_utf8.eml",
        "qp_latin1.eml",
        "base64_utf8.eml",
        "encoded_headers.eml",
        "html_only.eml",
        "alternative.eml",
        "attachment.eml",
        "broken_boundary.eml",
        "hostile_headers.eml",
        "person_with_suppress.eml",
        "person_forwards_bounce.eml",
    ],
)
def test_people_are_answered(name: str) -> None:
    assert reason(fixture(name), "sender@example.dk") is None
    assert reason(fixture(name), None) is None


def test_outlook_out_of_office() -> None:
    assert reason(fixture("outlook_oof.eml")) == "Auto-Submitted: auto-generated"


def test_outlook_out_of_office_by_subject_alone() -> None:
    parsed = message("X-Auto-Response-Suppress: All", subject="Automatisk svar: Slet mine data")
    assert reason(parsed) == "subject marks an automatic reply"


def test_gmail_vacation_reply() -> None:
    assert reason(fixture("gmail_vacation.eml")) == "Auto-Submitted: auto-replied"


def test_dsn_bounce() -> None:
    parsed = fixture("dsn_bounce.eml")
    assert reason(parsed, "<>") == "null reverse-path (bounce or other automatic message)"
    assert reason(parsed, None) == "null Return-Path (bounce or other automatic message)"


def test_bounce_recognised_by_its_report_structure() -> None:
    raw = (DATA / "dsn_bounce.eml").read_bytes()
    raw = raw.replace(b"Return-Path: <>\r\n", b"").replace(b"Auto-Submitted: auto-replied\r\n", b"")
    raw = raw.replace(b"MAILER-DAEMON@", b"postkontor@").replace(b"Undelivered Mail", b"Besked")
    found = reason(parse_message(raw), "relay@example.net")
    assert found == "delivery or disposition report (multipart/report)"


def test_delivery_status_part_inside_mixed() -> None:
    raw = (
        b"From: Postkontoret <system@example.net>\r\nSubject: Besked\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nFejl\r\n'
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx\r\n\r\nAction: failed\r\n--b--\r\n"
    )
    assert reason(parse_message(raw)) == "delivery or disposition report (message/delivery-status)"


def test_a_person_forwarding_a_bounce_as_attachment_is_answered() -> None:
    bounce = (DATA / "dsn_bounce.eml").read_bytes()
    raw = (
        b"From: Niels <niels@example.dk>\r\nSubject: Se denne fejl\r\n"
        b'Content-Type: multipart/mixed; boundary="o"\r\n\r\n'
        b"--o\r\nContent-Type: text/plain\r\n\r\nMin mail kom retur. Slet mine data.\r\n"
        b"--o\r\nContent-Type: message/rfc822\r\n\r\n" + bounce + b"\r\n--o--\r\n"
    )
    assert reason(parse_message(raw), "niels@example.dk") is None


def test_mailing_list() -> None:
    assert reason(fixture("mailing_list.eml")) == "Precedence: list"
    assert reason(message("List-Id: Medlemmer <m.lists.example.org>")) == "mailing list (List-Id)"
    unsubscribe = message("List-Unsubscribe: <mailto:leave@example.org>")
    assert reason(unsubscribe) == "mailing list (List-Unsubscribe)"
    assert reason(message("List-Post: <mailto:m@example.org>")) == "mailing list (List-Post)"


@pytest.mark.parametrize("envelope", ["", "<>", " <> "])
def test_null_reverse_path(envelope: str) -> None:
    assert reason(message(), envelope) == "null reverse-path (bounce or other automatic message)"


def test_unknown_envelope_is_not_null() -> None:
    assert reason(message(), None) is None
    assert reason(message(), "anne@example.dk") is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Auto-Submitted: auto-replied", "Auto-Submitted: auto-replied"),
        ("Auto-Submitted: auto-generated", "Auto-Submitted: auto-generated"),
        ("Auto-Submitted: auto-notified; owner-email=x@example.org", "Auto-Submitted: auto-notified"),
        ("Auto-Submitted: Auto-Replied (vacation)", "Auto-Submitted: auto-replied"),
        ("Auto-Submitted: no", None),
        ("Auto-Submitted: No (a person wrote this)", None),
        ("Precedence: bulk", "Precedence: bulk"),
        ("Precedence: junk", "Precedence: junk"),
        ("Precedence: auto_reply", "Precedence: auto_reply"),
        ("X-Precedence: bulk", "Precedence: bulk"),
        ("Precedence: first-class", None),
        ("X-Autoreply: yes", "X-Autoreply header"),
        ("X-Autorespond: Ferie", "X-Autorespond header"),
        ("X-Auto-Response-Suppress: All", None),
        ("X-Auto-Response-Suppress: OOF, AutoReply", None),
        ("Return-Path: <anne@example.dk>", None),
    ],
)
def test_headers(header: str, expected: str | None) -> None:
    assert reason(message(header)) == expected


@pytest.mark.parametrize(
    ("subject", "suppress", "automated"),
    [
        ("Ferie", "All", True),
        ("Ferie: tilbage 20. juli", "OOF", True),
        ("Away", "AutoReply", True),
        ("Ferie", "RN, NRN", False),  # read-receipt suppression says nothing about absence
        ("Ferie", None, False),
        ("Ferie-billeder fra jeres arrangement", "All", False),
        ("Ferie og fotos: slet dem", "All", False),
    ],
)
def test_auto_response_suppress_only_corroborates(subject: str, suppress: str | None, automated: bool):
    headers = [f"X-Auto-Response-Suppress: {suppress}"] if suppress else []
    assert (reason(message(*headers, subject=subject)) is not None) is automated


@pytest.mark.parametrize(
    "subject",
    [
        "Automatisk svar: Slet mine data",
        "Autosvar: Din henvendelse",
        "Fravær: tilbage mandag",
        "Fravær i uge 12",
        "Out of Office: Re: your request",
        "OUT OF OFFICE",
        "Automatic reply: Delete my data",
        "Auto-Reply: Delete my data",
        "Automatiskt svar: Radera",
        "Undeliverable: Slet mine data",
        "Delivery Status Notification (Failure)",
        "Mail delivery failed: returning message to sender",
        "Returned mail: see transcript for details",
        "Ikke leveret: Slet mine data",
    ],
)
def test_auto_reply_and_bounce_subjects(subject: str) -> None:
    assert reason(message(subject=subject)) in (
        "subject marks an automatic reply",
        "subject marks a delivery failure",
    )


@pytest.mark.parametrize(
    "subject",
    [
        "SV: Automatisk svar: Slet mine data",  # a person answering an out-of-office
        "Fwd: Undeliverable: Slet mine data",  # a person forwarding a bounce
        "Spørgsmål om fravær og persondata",
        "Fraværsregistrering af medarbejdere",
        "Autosvaret fra jer var forkert",
        "Returned goods and my data",
    ],
)
def test_people_mentioning_those_words_are_answered(subject: str) -> None:
    assert reason(message(subject=subject)) is None


@pytest.mark.parametrize(
    "sender",
    [
        "MAILER-DAEMON@mx.example.net",
        "postmaster@example.dk",
        "noreply@shop.example.com",
        "no-reply@shop.example.com",
        "No_Reply@shop.example.com",
        "donotreply@bank.example",
        "noreply-dmarc-support@example.com",
        "no-reply+abc123@example.com",
    ],
)
def test_automated_senders(sender: str) -> None:
    found = reason(message(sender=sender))
    assert found is not None and found.startswith("automated sender (")
    assert "@" not in found and "abc123" not in found  # the log gets no addresses


@pytest.mark.parametrize("sender", ["reply@example.dk", "noreplyhelp@example.dk", "postmasterson@example.dk"])
def test_people_with_similar_addresses(sender: str) -> None:
    assert reason(message(sender=sender)) is None


def test_ourselves() -> None:
    assert reason(message(sender="privacy@CloudService.test")) == "sent from our own address (mail loop)"
    assert reason(message(sender="privatliv@cloudservice.test")) == "sent from our own address (mail loop)"
    assert reason(message(sender="kollega@cloudservice.test")) is None


def test_our_own_message_id_coming_back() -> None:
    looped = message("Message-ID: <reply-42.7f3a@CloudService.test>")
    assert reason(looped) == "our own Message-ID (mail loop)"
    assert reason(message("Message-ID: <reply-42@mail.cloudservice.test>")) is None
    assert reason(message("In-Reply-To: <reply-42@cloudservice.test>")) is None  # a person answering us
    assert automated_reason(message("Message-ID: <x@cloudservice.test>"), None, (), "") is None


def test_reasons_carry_no_personal_data() -> None:
    header = "Auto-Submitted: auto-replied; owner=anne@example.dk"
    parsed = message(header, subject="Automatisk svar: A. Hansen")
    found = reason(parsed)
    assert found is not None and "anne" not in found.lower() and "Hansen" not in found
