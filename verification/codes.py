"""One-time codes: from `secrets`, stored only as an HMAC with the secret key, compared in constant time,
short-lived, and locked after too many wrong tries (LEGAL.md §4, SPEC Identity)."""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from storage.account_queries import add_code, current_code
from storage.accounts import VerificationCode
from storage.store import Store

CODE_DIGITS = 8
_CANDIDATE = re.compile(r"(?<!\d)(\d{4})[ -]?(\d{4})(?!\d)")


@dataclass(frozen=True)
class CodePolicy:
    key: bytes
    ttl: timedelta = timedelta(hours=48)
    max_failures: int = 5
    lock: timedelta = timedelta(hours=1)


class CheckResult(StrEnum):
    VERIFIED = "verified"
    WRONG = "wrong"
    EXPIRED = "expired"
    LOCKED = "locked"
    ALREADY_USED = "already_used"
    NO_CODE = "no_code"


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def display(code: str) -> str:
    """Two groups of four: easier to read aloud and type."""
    return f"{code[:4]} {code[4:]}"


def code_hash(key: bytes, purpose: str, customer_number: str, code: str) -> str:
    message = f"{purpose}\x00{customer_number}\x00{code}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def candidates_in(text: str) -> list[str]:
    """Every eight-digit group in the text, with or without the space we print in the middle."""
    return list(dict.fromkeys(a + b for a, b in _CANDIDATE.findall(text)))


def issue(
    store: Store,
    policy: CodePolicy,
    *,
    purpose: str,
    customer_number: str,
    sent_to: str,
    now: datetime,
    case_id: int | None = None,
    chat_id: str | None = None,
) -> str:
    """Create a code (revoking older ones of the same case/chat) and return it in clear, for the mail only."""
    code = new_code()
    add_code(
        store,
        VerificationCode(
            case_id=case_id,
            chat_id=chat_id,
            customer_number=customer_number,
            purpose=purpose,
            code_hash=code_hash(policy.key, purpose, customer_number, code),
            sent_to=sent_to,
            created_at=now,
            expires_at=now + policy.ttl,
        ),
    )
    return code


def check(
    store: Store,
    policy: CodePolicy,
    *,
    purpose: str,
    offered: list[str],
    now: datetime,
    case_id: int | None = None,
    chat_id: str | None = None,
) -> tuple[CheckResult, VerificationCode | None]:
    """Check the codes a requester offered against the current code; one message counts as one attempt."""
    record = current_code(store, purpose, case_id=case_id, chat_id=chat_id)
    if record is None:
        return CheckResult.NO_CODE, None
    if record.used_at is not None:
        return CheckResult.ALREADY_USED, record
    if record.locked_until is not None and now < record.locked_until:
        return CheckResult.LOCKED, record
    if now >= record.expires_at:
        return CheckResult.EXPIRED, record
    matched = False
    for code in offered:  # compare every candidate, so timing does not tell which one (or whether any) matched
        expected = code_hash(policy.key, purpose, record.customer_number, code)
        matched |= hmac.compare_digest(expected, record.code_hash)
    if matched:
        record.used_at = now
        return CheckResult.VERIFIED, record
    record.failed_attempts += 1
    if record.failed_attempts >= policy.max_failures:
        record.locked_until = now + policy.lock
        record.failed_attempts = 0
        return CheckResult.LOCKED, record
    return CheckResult.WRONG, record
