"""The case register for the company's accountability records and for Datatilsynet (`privacybot cases export`).

It documents how each request was handled (dates, labels, deadline, extension, outcome), not what it said: no
requester names, addresses or message text, and staff-written reasons are masked for CPR and card numbers.
Rows are written as they are read, so a register of any size streams out.
"""

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from handlers.masking import mask_personal_numbers
from storage.models import Case

COLUMNS = (
    "reference",
    "received_at",
    "channel",
    "labels",
    "language",
    "deadline",
    "extended_deadline",
    "extension_reason",
    "extended_at",
    "status",
    "outcome",
    "closed_at",
    "verified",
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _outcome(case: Case) -> dict[str, str]:
    if not case.outcome:
        return {}
    try:
        decided = json.loads(case.outcome)
    except json.JSONDecodeError:
        decided = {"note": case.outcome}
    return {str(key): mask_personal_numbers(str(value)) for key, value in decided.items()}


def register_row(case: Case) -> dict[str, Any]:
    """One case as the register shows it (JSON types: lists, objects, booleans, null)."""
    return {
        "reference": case.reference,
        "received_at": _iso(case.received_at),
        "channel": case.channel,
        "labels": [label for label in case.labels.split(",") if label],
        "language": case.language,
        "deadline": _iso(case.deadline),
        "extended_deadline": _iso(case.extended_deadline),
        "extension_reason": mask_personal_numbers(case.extension_reason) if case.extension_reason else None,
        "extended_at": _iso(case.extended_at),
        "status": case.status,
        "outcome": _outcome(case),
        "closed_at": _iso(case.closed_at),
        "verified": case.verified,
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {text}" for key, text in value.items())
    return str(value)


def write_csv(cases: Iterable[Case], out: TextIO) -> int:
    """Header and one row per case; labels joined with ';', outcome as 'right: what was done; ...'."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for case in cases:
        row = register_row(case)
        writer.writerow([_csv_cell(row[column]) for column in COLUMNS])
        count += 1
    return count


def write_json(cases: Iterable[Case], out: TextIO) -> int:
    """A JSON array of register rows, written one row at a time."""
    count = 0
    out.write("[")
    for case in cases:
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(register_row(case), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
