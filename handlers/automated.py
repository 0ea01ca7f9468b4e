"""Is a message written by a machine? SPEC Templates: never auto-reply to an auto-reply, a bounce, a list, or
ourselves (RFC 3834 section 2), or two robots answer each other for ever.

The reason string goes to the staff log, so it names the signal, never the sender's address or subject text.

X-Auto-Response-Suppress is deliberately weak: it is a *request* that the receiver not auto-reply, set by
Outlook/Exchange and by mass mailers and ticket systems on ordinary person-written mail too (and by us on our
own replies). Treating it as proof would silence confirmations of real GDPR requests, the costly error. It
therefore counts only together with a subject that looks like an absence notice in words too common to be
enough alone ("Ferie", "Vacation", "Away", ...). Exchange out-of-office replies are caught anyway by their
Auto-Submitted header and their "Automatisk svar:" / "Automatic reply:" subject.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from handlers.mime import ParsedMessage

__all__ = ["automated_reason"]

_AUTOMATED_LOCAL_PART = re.compile(
    r"(mailer-daemon|mailerdaemon|postmaster|no-?reply|no_reply|do-?not-?reply|do_not_reply)([-_.+].*)?",
    re.IGNORECASE,
)

_LIST_LABELS = {"list-id": "List-Id", "list-unsubscribe": "List-Unsubscribe", "list-post": "List-Post"}
_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply", "auto-reply"})

_REPORT_TYPES = frozenset(
    {
        "multipart/report",
        "message/delivery-status",
        "message/global-delivery-status",
        "message/disposition-notification",
        "message/feedback-report",
    }
)

# Subjects that alone mark an auto-reply or a bounce. Matched only at the very start: "Fwd: Undeliverable:
# ..." or "SV: Automatisk svar: ..." is a person forwarding or answering one and must reach a human.
_AUTO_SUBJECTS = (
    "Automatisk svar",
    "Autosvar",
    "Fravær",
    "Out of Office",
    "Out of the Office",
    "Automatic reply",
    "Auto reply",
    "Auto-reply",
    "Autoreply",
    "Automatiskt svar",
    "Automatische Antwort",
    "Abwesenheitsnotiz",
    "Réponse automatique",
)
_BOUNCE_SUBJECTS = (
    "Undeliverable",
    "Undelivered Mail",
    "Delivery Status Notification",
    "Mail delivery failed",
    "Delivery failure",
    "Returned mail",
    "Failure notice",
    "Ikke leveret",
    "Kan ikke leveres",
    "Unzustellbar",
)
# Weak: only together with X-Auto-Response-Suppress (see module docstring).
_WEAK_AWAY_SUBJECTS = (
    "Ferie",
    "På ferie",
    "Ikke til stede",
    "Ikke på kontoret",
    "Ude af kontoret",
    "Vacation",
    "Holiday",
    "Away",
    "Absent",
    "OOO",
    "OOF",
)


def _subject_pattern(words: tuple[str, ...], ending: str) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)
    return re.compile(rf"^\s*(?:{alternatives}){ending}", re.IGNORECASE)


# Strong words: any non-letter may follow ("Automatisk svar: ...", "Fravær i uge 12").
_AUTO_SUBJECT = _subject_pattern(_AUTO_SUBJECTS, r"(?![^\W_])")
_BOUNCE_SUBJECT = _subject_pattern(_BOUNCE_SUBJECTS, r"(?![^\W_])")
# Weak words: the whole subject, or the word and a colon ("Ferie", "Away: back Monday"), never
# "Ferie-billeder fra ..." or "Ferie og fotos".
_WEAK_AWAY_SUBJECT = _subject_pattern(_WEAK_AWAY_SUBJECTS, r"\s*(?::|$)")


def _values(parsed: ParsedMessage, name: str) -> tuple[str, ...]:
    return parsed.headers.get(name, ())


def _first_token(value: str) -> str:
    """The keyword of a header such as Auto-Submitted: comments and parameters dropped, lowercased."""
    value = re.sub(r"\([^()]*\)", " ", value).split(";", 1)[0].strip().lower()
    return value.split()[0] if value.split() else ""


def _safe_token(value: str) -> str:
    """A header keyword fit for the log: short, plain characters only."""
    return re.sub(r"[^a-z0-9_.-]", "", value)[:30] or "empty"


def _address(value: str) -> str:
    return value.strip().strip("<>").strip().lower()


def automated_reason(
    parsed: ParsedMessage,
    envelope_from: str | None,
    own_addresses: Collection[str],
    own_message_id_domain: str,
) -> str | None:
    """None for a message written by a person, else a short reason for the staff log.

    envelope_from is the SMTP reverse-path: "" or "<>" is the null sender of a bounce; None means unknown
    (IMAP, Telegram), in which case a "Return-Path: <>" header recorded by the delivering server counts.
    """
    if envelope_from is not None and envelope_from.strip() in ("", "<>"):
        return "null reverse-path (bounce or other automatic message)"
    if any(re.sub(r"\s+", "", value) == "<>" for value in _values(parsed, "return-path")):
        return "null Return-Path (bounce or other automatic message)"

    for value in _values(parsed, "auto-submitted"):
        keyword = _first_token(value)
        if keyword != "no":
            return f"Auto-Submitted: {_safe_token(keyword)}"

    for content_type in (parsed.content_type, *(a.content_type for a in parsed.attachments)):
        if content_type.lower() in _REPORT_TYPES:
            return f"delivery or disposition report ({content_type.lower()})"

    if parsed.from_addr:
        local = parsed.from_addr.rpartition("@")[0].strip('"')
        system = _AUTOMATED_LOCAL_PART.fullmatch(local)
        if system:
            return f"automated sender ({system.group(1).lower()})"
        own = {_address(address) for address in own_addresses}
        if _address(parsed.from_addr) in own:
            return "sent from our own address (mail loop)"

    domain = own_message_id_domain.strip().lstrip("@").lower()
    if domain and parsed.message_id and "@" in parsed.message_id:
        id_domain = parsed.message_id.strip("<>").rpartition("@")[2].strip().lower()
        if id_domain == domain:
            return "our own Message-ID (mail loop)"

    for name in ("precedence", "x-precedence"):
        for value in _values(parsed, name):
            keyword = _first_token(value)
            if keyword in _PRECEDENCE:
                return f"Precedence: {keyword}"

    for name, label in (("x-autoreply", "X-Autoreply"), ("x-autorespond", "X-Autorespond")):
        for value in _values(parsed, name):
            if _first_token(value) not in ("no", "false", "0"):
                return f"{label} header"

    for name in ("list-id", "list-unsubscribe", "list-post"):
        if _values(parsed, name):
            return f"mailing list ({_LIST_LABELS[name]})"

    if _AUTO_SUBJECT.match(parsed.subject):
        return "subject marks an automatic reply"
    if _BOUNCE_SUBJECT.match(parsed.subject):
        return "subject marks a delivery failure"

    suppress_values = _values(parsed, "x-auto-response-suppress")
    suppress = {token.strip().lower() for value in suppress_values for token in value.split(",")}
    if suppress & {"all", "oof", "autoreply"} and _WEAK_AWAY_SUBJECT.match(parsed.subject):
        return "absence subject with X-Auto-Response-Suppress"
    return None
