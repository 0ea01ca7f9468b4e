"""The rules for staff decisions: which decision is allowed in which status, and the message when it is not."""

from dataclasses import replace
from datetime import date

import pytest

from handlers.case_states import ACTIVE, CLOSED, CaseFacts, Refused, decide

FACTS = CaseFacts(
    status="open",
    verified=True,
    extended=False,
    statutory=True,
    needs_verification=True,
    nominal_deadline=date(2026, 12, 24),
    today=date(2026, 11, 30),
)


@pytest.mark.parametrize(
    "decision, status, expected",
    [
        ("assign", "open", "in_progress"),
        ("assign", "awaiting_verification", "awaiting_verification"),
        ("verify", "received", "open"),
        ("verify", "awaiting_verification", "open"),
        ("extend", "in_progress", "in_progress"),
        ("complete", "in_progress", "completed"),
        ("reject", "received", "rejected"),
        ("withdraw", "awaiting_verification", "withdrawn"),
        ("reply", "open", "in_progress"),
        ("reply", "completed", "completed"),
        ("note", "rejected", "rejected"),
    ],
)
def test_allowed_decisions_move_the_case_to_the_expected_status(decision, status, expected):
    verified = decision != "verify"
    assert decide(decision, replace(FACTS, status=status, verified=verified)) == expected


@pytest.mark.parametrize("status", CLOSED)
@pytest.mark.parametrize("decision", ["assign", "verify", "extend", "complete", "reject", "withdraw"])
def test_a_closed_case_refuses_every_decision_but_notes_and_replies(decision, status):
    with pytest.raises(Refused, match=f"the case is {status}; a closed case takes no further decisions"):
        decide(decision, replace(FACTS, status=status, verified=False))


def test_extension_is_refused_the_day_after_the_nominal_one_month_date():
    with pytest.raises(Refused, match="too late to extend.*nominal one-month date 2026-12-24.*today is 2026-12-25"):
        decide("extend", replace(FACTS, today=date(2026, 12, 25)))
    assert decide("extend", replace(FACTS, today=date(2026, 12, 24))) == "open"


def test_extension_is_allowed_once_only():
    with pytest.raises(Refused, match="already extended; Art. 12\\(3\\) allows one extension only"):
        decide("extend", replace(FACTS, extended=True))


def test_extension_needs_the_statutory_clock():
    with pytest.raises(Refused, match="internal time limit"):
        decide("extend", replace(FACTS, statutory=False))


def test_completing_a_request_that_discloses_data_needs_a_verified_requester():
    with pytest.raises(Refused, match="not verified.*privacybot cases verify.*--ground unverified"):
        decide("complete", replace(FACTS, verified=False))
    assert decide("complete", replace(FACTS, verified=False, needs_verification=False)) == "completed"


def test_closing_unverified_is_only_for_unverified_requests_that_need_a_check():
    assert decide("close_unverified", replace(FACTS, verified=False)) == "closed_unverified"
    with pytest.raises(Refused, match="already verified|is verified"):
        decide("close_unverified", FACTS)
    with pytest.raises(Refused, match="needs no identity check"):
        decide("close_unverified", replace(FACTS, verified=False, needs_verification=False))


def test_a_case_someone_has_goes_back_to_them_once_verified_not_to_the_open_queue():
    waiting = replace(FACTS, status="awaiting_verification", verified=False, assigned=True)
    assert decide("verify", waiting) == "in_progress"
    assert decide("verify", replace(waiting, assigned=False)) == "open"


def test_verifying_twice_is_refused():
    with pytest.raises(Refused, match="already verified"):
        decide("verify", FACTS)


def test_every_status_is_either_active_or_closed():
    assert set(ACTIVE).isdisjoint(CLOSED) and len(ACTIVE) + len(CLOSED) == 8
