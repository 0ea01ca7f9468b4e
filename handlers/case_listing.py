"""A case as a listing shows it (`privacybot cases list --json`, SPEC stable interfaces).

No storage import here: `cases list` reads plain rows (storage.plain_reads) and must not pay for the ORM's import.
"""

from typing import Any


def case_summary(case: Any) -> dict[str, Any]:
    """The fields of SPEC's case JSON, without the trail, from a Case or anything with its column names."""
    return {
        "reference": case.reference,
        "status": case.status,
        "labels": [label for label in case.labels.split(",") if label],
        "language": case.language,
        "channel": case.channel,
        "received_at": case.received_at.isoformat(),
        "deadline": case.deadline.isoformat(),
        "deadline_rule": case.deadline_rule,
        "extended_deadline": case.extended_deadline.isoformat() if case.extended_deadline else None,
        "verified": case.verified,
        "customer_number": case.customer_number,
        "triage": case.triage,
    }
