"""Threading: which case a reply belongs to. Only the case's own requester may write into it (SPEC step 4)."""

import re
from collections.abc import Callable

from handlers.mime import ParsedMessage
from storage.models import Case
from storage.store import Store

CASE_TAG = re.compile(r"\[(PRV-\d{4}-\d{6,})\]", re.IGNORECASE)


def same_address(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and a.strip().casefold() == b.strip().casefold()  # type: ignore[union-attr]


def thread_candidates(store: Store, parsed: ParsedMessage) -> list[Case]:
    """Cases the message points at: a case tag in the subject first, then In-Reply-To and References."""
    found: list[Case] = []
    for reference in CASE_TAG.findall(parsed.subject):
        case = store.case_by_reference(reference)
        if case is not None and case not in found:
            found.append(case)
    for case_id in store.case_ids_for_message_ids([*parsed.in_reply_to, *parsed.references]):
        case = store.case_by_id(case_id)
        if case is not None and case not in found:
            found.append(case)
    return found


def may_follow_up(parsed: ParsedMessage) -> bool:
    """Whether thread_candidates might find a case for the message; when not, it opens a new case."""
    return bool(CASE_TAG.search(parsed.subject) or parsed.in_reply_to or parsed.references)


def requester_case(
    candidates: list[Case], sender: str | None, also_allowed: Callable[[Case], bool] = lambda _case: False
) -> Case | None:
    """The first candidate the sender may write into: its requester (or whoever `also_allowed` admits, e.g. the
    account's registered address answering with a code); a stranger's reply opens a new case instead."""
    for case in candidates:
        if same_address(case.requester_address, sender) or also_allowed(case):
            return case
    return None
