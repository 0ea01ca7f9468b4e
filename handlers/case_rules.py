"""Which clock a case runs on (LEGAL.md §1): the statutory month, or an internal SLA."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from handlers.deadlines import internal_sla_deadline, statutory_deadline

# Labels whose answer the law times (Art. 12(3)); marketing opt-out is honoured at once and confirmed within the month.
STATUTORY = frozenset(
    {"access", "rectification", "erasure", "restriction", "portability", "objection", "marketing_optout"}
)
# Stops: they take effect the moment they are read, on the writing address and the matched account (LEGAL.md §1).
STOPS = ("marketing_optout", "consent_withdrawal")
# Rights that disclose or change personal data: proof of control of the account is needed first (LEGAL.md §4).
NEEDS_VERIFICATION = frozenset({"access", "rectification", "erasure", "restriction", "portability", "objection"})


@dataclass(frozen=True)
class Clock:
    deadline: date
    rule: str


def case_clock(
    labels: Collection[str], triage: bool, received_at: datetime, sla_working_days: int, consent_sla_working_days: int
) -> Clock:
    """The deadline a new case gets, and the rule behind it, in words staff can check."""
    if STATUTORY & set(labels):
        return Clock(statutory_deadline(received_at), "GDPR Art. 12(3): one month from receipt")
    if triage:
        return Clock(
            statutory_deadline(received_at),
            "GDPR Art. 12(3) as a precaution: may be a request until staff have checked (EDPB 01/2022 §159)",
        )
    if "consent_withdrawal" in labels:
        return Clock(
            internal_sla_deadline(received_at, consent_sla_working_days),
            f"Art. 7(3) withdrawal: effective at once; internal SLA {consent_sla_working_days} working day(s)",
        )
    return Clock(
        internal_sla_deadline(received_at, sla_working_days),
        f"No statutory limit: internal SLA {sla_working_days} working days",
    )
