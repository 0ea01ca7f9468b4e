"""A case as staff and scripts see it (`privacybot cases show --json`, SPEC stable interfaces), read through the ORM
inside a transaction (after a decision); `cases show` itself reads plain rows (handlers.case_listing.case_details)."""

from typing import Any

from handlers.case_listing import case_details
from storage.models import Case
from storage.staff_queries import reminders_for_case
from storage.store import Store


def case_record(store: Store, case: Case) -> dict[str, Any]:
    """Everything about one case: requester, messages in and out, and the audit trail oldest first."""
    return case_details(
        case,
        reminders=reminders_for_case(store, case.id),
        messages_in=store.inbound_for_case(case.id),
        messages_out=store.outbound_for_case(case.id),
        events=store.events(case.id),
    )
