"""Which staff decision is allowed in which case status, and why not when it is refused (SPEC Cases, LEGAL.md §3-5).

Pure rules: the caller passes the facts of the case and the local date; nothing here reads the clock or the database.
`decide` answers with the status the case moves to, or raises `Refused` with a message staff can act on.
"""

from dataclasses import dataclass
from datetime import date

RECEIVED = "received"
AWAITING_VERIFICATION = "awaiting_verification"
OPEN = "open"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
CLOSED_UNVERIFIED = "closed_unverified"

ACTIVE = (RECEIVED, AWAITING_VERIFICATION, OPEN, IN_PROGRESS)
CLOSED = (COMPLETED, REJECTED, WITHDRAWN, CLOSED_UNVERIFIED)
ALL_STATUSES = ACTIVE + CLOSED

DECISIONS = (
    "assign",
    "note",
    "reply",
    "relabel",
    "verify",
    "extend",
    "complete",
    "reject",
    "close_unverified",
    "withdraw",
)


class Refused(Exception):
    """The decision is not allowed for this case now; the message says why and what to do instead."""


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about a case."""

    status: str
    verified: bool
    extended: bool
    statutory: bool  # runs on the Art. 12(3) clock (a right, or triage as a precaution)
    needs_verification: bool  # a right that discloses or changes data (LEGAL.md §4)
    nominal_deadline: date  # one month from receipt before the weekend/holiday shift: the last day to extend
    today: date  # Copenhagen date of the decision
    assigned: bool = False  # someone on the staff has the case


def decide(decision: str, facts: CaseFacts) -> str:
    """The status after `decision`, or `Refused`. Notes and replies are allowed on closed cases; nothing else is."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    status = facts.status
    if decision == "note":
        return status
    if decision == "reply":
        return IN_PROGRESS if status == OPEN else status
    if status in CLOSED:
        raise Refused(f"the case is {status}; a closed case takes no further decisions (a note or a reply still can)")
    if status not in ACTIVE:
        raise Refused(f"the case has the unknown status {status!r}; fix it before deciding anything")
    return _RULES[decision](facts)


def _assign(facts: CaseFacts) -> str:
    return IN_PROGRESS if facts.status == OPEN else facts.status


def _unchanged(facts: CaseFacts) -> str:
    return facts.status


def _verify(facts: CaseFacts) -> str:
    if facts.verified:
        raise Refused("the requester is already verified")
    return after_verification(facts.status, facts.assigned)


def after_verification(status: str, assigned: bool) -> str:
    """Where a case waiting for the identity check goes once it is done: back to whoever has it, else open."""
    if status in (RECEIVED, AWAITING_VERIFICATION):
        return IN_PROGRESS if assigned else OPEN
    return status


def _extend(facts: CaseFacts) -> str:
    if facts.extended:
        raise Refused("the deadline was already extended; Art. 12(3) allows one extension only")
    if not facts.statutory:
        raise Refused("this case runs on an internal time limit, not the statutory month: there is nothing to extend")
    if facts.today > facts.nominal_deadline:
        raise Refused(
            f"too late to extend: the requester had to be told by the nominal one-month date "
            f"{facts.nominal_deadline.isoformat()} (LEGAL.md §3); today is {facts.today.isoformat()}"
        )
    return facts.status


def _complete(facts: CaseFacts) -> str:
    if facts.needs_verification and not facts.verified:
        raise Refused(
            "the requester is not verified, and this request discloses or changes personal data: verify first "
            "(`privacybot cases verify`), or close it with `privacybot cases reject --ground unverified`"
        )
    return COMPLETED


def _reject(_facts: CaseFacts) -> str:
    return REJECTED


def _close_unverified(facts: CaseFacts) -> str:
    if facts.verified:
        raise Refused("the requester is verified; reject on another ground, or complete the case")
    if not facts.needs_verification:
        raise Refused(
            "this request needs no identity check (an opt-out or a withdrawn consent takes effect at once), "
            "so it cannot be closed as unverified"
        )
    return CLOSED_UNVERIFIED


def _withdraw(_facts: CaseFacts) -> str:
    return WITHDRAWN


_RULES = {
    "assign": _assign,
    "relabel": _unchanged,
    "verify": _verify,
    "extend": _extend,
    "complete": _complete,
    "reject": _reject,
    "close_unverified": _close_unverified,
    "withdraw": _withdraw,
}
