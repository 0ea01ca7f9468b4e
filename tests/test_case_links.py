"""Dates on a case, and a complaint linked to the requester's earlier request, through the real pipeline on SQLite
and PostgreSQL: what staff see in `privacybot cases show --json`."""

from datetime import timedelta

from handlers.case_view import case_record
from handlers.options import PipelineOptions
from handlers.pipeline import process_pending
from storage.models import RawMessage
from storage.store import Database
from tests.mailtools import make_mail, store_mail

MAILBOX = "privacy@cloudservice.test"
OPTIONS = PipelineOptions(mailboxes=(MAILBOX,), message_id_domain="cloudservice.test")
METTE = "Mette Hansen <mette.hansen@example.dk>"


def deliver(db: Database, clock, sender: str, subject: str, body: str) -> dict:
    """Store one message as the SMTP door would, run the pipeline, and return the JSON of the case it landed in."""
    raw = make_mail(sender=sender, subject=subject, body=body)
    address = sender.split("<")[-1].rstrip(">")
    raw_id = store_mail(db, clock, raw, MAILBOX, address)
    while process_pending(db, OPTIONS, clock):
        pass
    with db.transaction() as store:
        row = store.session.get(RawMessage, raw_id)
        case = store.case_by_id(row.case_id)
        return case_record(store, case)


def events(record: dict, kind: str) -> list[dict]:
    return [event["detail"] for event in record["events"] if event["kind"] == kind]


def test_a_complaint_about_an_unanswered_request_is_linked_to_it_and_flagged_for_staff(db, clock):
    # Tuesday 24 November 2026: the request; three weeks later, the complaint naming its date.
    request = deliver(db, clock, METTE, "Delete my account", "Please delete my account and all my data.")
    assert request["labels"] == ["erasure"]
    clock.now += timedelta(days=21)
    complaint = deliver(
        db,
        clock,
        METTE,
        "No answer",
        "I asked you on 24 November to delete my account and you have not answered. This is unacceptable.",
    )

    assert "complaint" in complaint["labels"]
    assert complaint["reference"] != request["reference"]
    assert complaint["triage"] is True
    [link] = events(complaint, "linked_case")
    assert link["case"] == request["reference"] and link["role"] == "earlier_request"
    assert link["mentioned_date"] == "2026-11-24"
    [dates] = events(complaint, "dates")
    assert dates["earlier_request"] == {"date": "2026-11-24", "phrase": "24 November"}

    with db.transaction() as store:
        earlier = case_record(store, store.case_by_reference(request["reference"]))
    [back] = events(earlier, "linked_case")
    assert back == {"case": complaint["reference"], "role": "complaint"}


def test_the_link_goes_to_the_earlier_request_nearest_the_date_the_complaint_names(db, clock):
    first = deliver(db, clock, METTE, "Indsigt", "Jeg beder om indsigt i mine oplysninger.")
    clock.now += timedelta(days=10)  # Friday 4 December 2026
    second = deliver(db, clock, METTE, "Slet mig", "Slet venligst min konto.")
    clock.now += timedelta(days=30)
    complaint = deliver(
        db,
        clock,
        METTE,
        "Complaint",
        "I wrote to you on 4 December asking you to delete my account. You still haven't deleted my account!",
    )
    [link] = events(complaint, "linked_case")
    assert link["case"] == second["reference"] != first["reference"]


def test_another_persons_request_is_never_linked(db, clock):
    deliver(db, clock, "Jens Olsen <jens@example.dk>", "Delete my account", "Please delete my account.")
    clock.now += timedelta(days=14)
    complaint = deliver(
        db,
        clock,
        METTE,
        "Complaint",
        "I asked you on 24 November to delete my account and you have not answered. This is unacceptable.",
    )
    assert events(complaint, "linked_case") == []
    # The complaint names the day of a request we have no case for: staff must look (it may have been lost).
    assert complaint["triage"] is True


def test_an_access_request_records_the_period_it_asks_about(db, clock):
    record = deliver(
        db,
        clock,
        METTE,
        "Indsigt",
        "Hej\n\nJeg vil gerne have indsigt i de oplysninger, I har om mig fra 1. januar 2025 til 30. juni 2025.\n\n"
        "Mvh Mette",
    )
    assert record["labels"] == ["access"]
    [dates] = events(record, "dates")
    assert dates["period"] == {"from": "2025-01-01", "to": "2025-06-30", "phrase": "1. januar 2025 - 30. juni 2025"}
    assert events(record, "linked_case") == []


def test_dates_in_quoted_history_are_not_read(db, clock):
    body = (
        "Please send me a copy of my data.\n\n"
        "On Tue, 3 Mar 2026 at 10:12, Support <support@example.com> wrote:\n"
        "> Your order of 1 March 2026 has shipped.\n"
    )
    record = deliver(db, clock, METTE, "Data copy", body)
    assert "access" in record["labels"]
    assert events(record, "dates") == []
