"""What the dates in a new case's message mean for the case, and the link from a complaint to the earlier request
it is about.

Why link: "I asked you to delete my data on 3 March and heard nothing" is a complaint about a request that may be
late. Staff must see both cases side by side, so each gets a "linked_case" event naming the other, and the complaint
is flagged for staff (triage). A complaint that dates an earlier request we cannot find is flagged too: the request
may never have become a case, and its clock would then have started on the date the requester names.
"""

from dataclasses import replace
from datetime import datetime

from handlers.case_rules import STATUTORY
from handlers.classify import Understanding
from handlers.dates import COPENHAGEN, MessageDates, find_dates
from handlers.outbox_mail import BOT
from storage.case_links import earlier_cases
from storage.models import Case
from storage.store import Store


def _is_request(case: Case) -> bool:
    return bool(STATUTORY & set(case.labels.split(","))) or case.triage


def earlier_request_case(store: Store, sender: str, received_at: datetime, dates: MessageDates) -> Case | None:
    """The requester's earlier case the complaint refers to: nearest the date it names, else the newest; cases
    holding a right come before others (a complaint is about a request, rarely about an earlier complaint)."""
    candidates = earlier_cases(store, sender, received_at)
    preferred = [case for case in candidates if _is_request(case)] or candidates
    if not preferred:
        return None
    if dates.earlier_request is None:
        return preferred[0]
    named = dates.earlier_request.day
    return min(preferred, key=lambda case: abs((case.received_at.astimezone(COPENHAGEN).date() - named).days))


def read_dates(
    store: Store,
    sender: str,
    text: str,
    language: str,
    understanding: Understanding,
    received_at: datetime,
    dates: MessageDates | None = None,
) -> tuple[MessageDates, Case | None, Understanding]:
    """The message's dates (`dates`, when `find_dates` ran ahead on the same reading), the earlier case a complaint
    refers to (if any), and the understanding to open the case with (triage set when staff must look at the link)."""
    if dates is None:
        dates = find_dates(text, language, understanding.labels, received_at)
    if "complaint" not in understanding.labels or not dates.refers_to_earlier:
        return dates, None, understanding
    earlier = earlier_request_case(store, sender, received_at, dates)
    if earlier is not None or dates.earlier_request is not None:
        understanding = replace(understanding, triage=True)
    return dates, earlier, understanding


def record_dates(store: Store, case: Case, dates: MessageDates, earlier: Case | None, now: datetime) -> None:
    """A "dates" event when the message names any, and a "linked_case" event on both cases of a link."""
    assert case.id is not None
    if not dates.empty:
        store.add_event(case.id, now, BOT, "dates", **dates.as_event())
    if earlier is None or earlier.id is None:
        return
    mentioned = dates.earlier_request.day.isoformat() if dates.earlier_request else None
    store.add_event(
        case.id,
        now,
        BOT,
        "linked_case",
        case=earlier.reference,
        role="earlier_request",
        earlier_received_at=earlier.received_at.isoformat(),
        mentioned_date=mentioned,
        note="the complaint refers to this earlier request; staff to check",
    )
    store.add_event(earlier.id, now, BOT, "linked_case", case=case.reference, role="complaint")
