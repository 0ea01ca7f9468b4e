"""Which reminders an open case is due on a given day (SPEC Staff reminders). Pure: dates in, stages out.

Stages, each recorded once per case (the stage string is the key):
- `before<N>:<deadline>` when the deadline is at most N working days away, N from the configured offsets (7, 3, 1):
  one reminder per window, so a pass that missed the 7-day window (the service was down) still sends the 3-day one;
- `due:<deadline>` on the day itself, `overdue:<day>` once a day while the deadline has passed;
- `extension:<N>` while an Art. 12(3) case is not extended and its nominal one-month date N is at most a few working
  days away: the extension notice must reach the requester by N (LEGAL.md §3);
- `triage:<D>:<labels hashed>` from the local day D the case arrived, while the reading (labels) awaits staff: a stop
  such as a marketing opt-out must be honoured at once (LEGAL.md §1), not when the deadline stages begin weeks later.
The deadline is part of the key, so an extended case is reminded again about its new deadline; the labels are part
of the triage key, so a case sent back to triage with a new reading (a follow-up adding a right) is told again.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from handlers.deadlines import COPENHAGEN, is_working_day, working_days_between
from handlers.staff_options import StaffOptions

OVERDUE = "overdue"
DUE_TODAY = "due_today"
APPROACHING = "approaching"
EXTENSION = "extension_decision"
TRIAGE = "triage"
# Most urgent first: the digest's order. A deadline that has passed or ends today cannot wait; a case awaiting triage
# comes next, because it may hide a stop that is already late however far its deadline is, so it goes before the
# deadline that is merely approaching and the extension decision.
KINDS = (OVERDUE, DUE_TODAY, TRIAGE, APPROACHING, EXTENSION)


@dataclass(frozen=True)
class Due:
    """One reminder a case is due."""

    kind: str
    stage: str
    concerns: date  # the deadline, the nominal date (extension), the overdue day or the day of arrival (triage)
    working_days: int  # working days left until `concerns`; negative: that many past it (overdue, or awaiting triage)


def local_date(at: datetime) -> date:
    return at.astimezone(COPENHAGEN).date()


def in_working_hours(at: datetime, options: StaffOptions) -> bool:
    """Reminders go out on Copenhagen working days between the configured hours only."""
    local = at.astimezone(COPENHAGEN)
    start, end = options.working_hours
    return is_working_day(local.date()) and start <= local.time() < end


@lru_cache(maxsize=4096)  # pure; a register has few distinct deadlines on a given day, and the pass asks per case
def due_reminders(
    *,
    deadline: date,
    extended: bool,
    statutory: bool,
    nominal: date,
    triage: bool,
    received: date,
    today: date,
    options: StaffOptions,
    labels: str = "",
) -> tuple[Due, ...]:
    """The reminders an open case is due on `today`: at most one deadline stage, then triage, then the extension
    decision (the digest orders them by KINDS)."""
    due: list[Due] = []
    left = working_days_between(today, deadline)
    if today > deadline:
        due.append(Due(OVERDUE, f"overdue:{today.isoformat()}", today, left))
    elif today == deadline:
        due.append(Due(DUE_TODAY, f"due:{deadline.isoformat()}", deadline, 0))
    else:
        window = min((n for n in options.reminder_offsets if n >= left), default=None)
        if window is not None:
            due.append(Due(APPROACHING, f"before{window}:{deadline.isoformat()}", deadline, left))
    if triage and today >= received:
        stage = f"triage:{received.isoformat()}" + (f":{_short(labels)}" if labels else "")
        due.append(Due(TRIAGE, stage, received, working_days_between(today, received)))
    if statutory and not extended and today <= nominal:
        until_nominal = working_days_between(today, nominal)
        if until_nominal <= options.extension_warning_working_days:
            due.append(Due(EXTENSION, f"extension:{nominal.isoformat()}", nominal, until_nominal))
    return tuple(due)


def _short(labels: str) -> str:
    """The labels as 8 hex digits: a stage key must fit its column (48 characters), and a case can hold several."""
    return hashlib.sha256(labels.encode()).hexdigest()[:8]


@lru_cache(maxsize=4096)
def next_stage_day(
    *,
    deadline: date,
    extended: bool,
    statutory: bool,
    nominal: date,
    triage: bool,
    received: date,
    today: date,
    options: StaffOptions,
    labels: str = "",
) -> date:
    """The first day after `today` on which the case is due a stage it is not due today: before then no pass needs
    to look at it. Walks the days (cached: cases share their few distinct deadlines); at the latest the day after
    the deadline, when the daily overdue stage starts."""
    facts = {
        "deadline": deadline,
        "extended": extended,
        "statutory": statutory,
        "nominal": nominal,
        "triage": triage,
        "received": received,
        "labels": labels,
    }
    now_due = {due.stage for due in due_reminders(**facts, today=today, options=options)}
    day, last = today + timedelta(days=1), max(deadline, nominal) + timedelta(days=1)
    while day < last and all(due.stage in now_due for due in due_reminders(**facts, today=day, options=options)):
        day += timedelta(days=1)
    return day
