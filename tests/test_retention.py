"""Retention on SQLite and PostgreSQL: bodies emptied a year after closing, whole records deleted after five years,
an opt-out outliving its case, unlinked mail emptied too, dry runs changing nothing, and every run audited."""

import json
import logging
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from handlers import decisions
from handlers.pipeline import process_pending
from handlers.reminder_sweep import remind
from handlers.retention import purge, purge_due
from handlers.staff_options import StaffOptions
from storage.accounts import Optout
from storage.models import CaseEvent, CaseReminder, OutboxMessage, RawMessage
from storage.retention_queries import retention_runs
from storage.store import Database
from tests.mailtools import make_mail
from tests.staffing import ERASURE_DA, OPTIONS, STAFF, UNSUBSCRIBE_EN, case, receive_request

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
RULES = StaffOptions()  # records 5 years, bodies 365 days


def closed_case(db: Database, received: datetime, *request: str, sender: str = "mette.hansen@example.dk") -> str:
    reference = receive_request(db, received, *request, sender=sender)
    with db.transaction() as store:
        decisions.withdraw(
            store, store.case_by_reference(reference), "", "alice", received + timedelta(days=3), OPTIONS
        )
    return reference


def rows(db: Database, model, **where):  # noqa: ANN001, ANN201
    with db.transaction() as store:
        query = select(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return list(store.session.exec(query).all())


def test_bodies_are_emptied_a_year_after_closing_while_the_record_and_trail_stay(db):
    old = closed_case(db, datetime(2025, 6, 2, 8, 0, tzinfo=UTC), "Slet mig, CPR 010203-1234", ERASURE_DA[1])
    recent = closed_case(db, datetime(2026, 6, 1, 8, 0, tzinfo=UTC), *ERASURE_DA, sender="other@example.dk")
    still_open = receive_request(db, datetime(2024, 1, 8, 8, 0, tzinfo=UTC), *ERASURE_DA, sender="slow@example.dk")

    report = purge(db, NOW, RULES, "alice")

    assert (report.cases_bodies_purged, report.cases_deleted) == (1, 0)
    purged = case(db, old)
    assert purged.subject == "" and purged.bodies_purged_at == NOW and purged.status == "withdrawn"
    assert all(m.raw == b"" for m in rows(db, RawMessage, case_id=purged.id))
    assert all(m.raw == b"" for m in rows(db, OutboxMessage, case_id=purged.id))
    assert [m.message_id is not None for m in rows(db, RawMessage, case_id=purged.id)] == [True]  # metadata kept
    kinds = [e.kind for e in rows(db, CaseEvent, case_id=purged.id)]
    assert kinds[:2] == ["received", "classified"] and kinds[-1] == "bodies_purged"
    for kept in (recent, still_open):
        assert all(m.raw for m in rows(db, RawMessage, case_id=case(db, kept).id))


def test_records_are_deleted_after_five_years_but_the_opt_out_outlives_its_case(db):
    doomed = closed_case(db, datetime(2021, 3, 1, 8, 0, tzinfo=UTC), *UNSUBSCRIBE_EN, sender="ann@example.com")
    doomed_id = case(db, doomed).id
    with db.transaction() as store:  # a reminder stage, so its row must go too
        store.session.add(CaseReminder(case_id=doomed_id, stage="due:2021-04-01", concerns=NOW.date(), sent_at=NOW))
    [optout] = rows(db, Optout, address="ann@example.com")
    assert optout.case_id == doomed_id

    report = purge(db, NOW, RULES, "alice")

    assert report.cases_deleted == 1 and report.deleted_references == (doomed,)
    with db.transaction() as store:
        assert store.case_by_reference(doomed) is None
    for model in (RawMessage, OutboxMessage, CaseEvent, CaseReminder):
        assert rows(db, model, case_id=doomed_id) == []
    [kept] = rows(db, Optout, address="ann@example.com")
    assert kept.case_id is None  # still on the suppression list, no longer linked
    [run] = runs(db)
    assert (run.actor, run.cases_deleted, json.loads(run.deleted_references)) == ("alice", 1, [doomed])


def test_mail_that_belongs_to_no_case_is_emptied_a_year_after_it_arrived(db):
    with db.transaction() as store:
        store.add_raw(
            channel="smtp",
            received_at=datetime(2025, 1, 6, 8, 0, tzinfo=UTC),
            envelope_from="mette.hansen@example.dk",
            envelope_to=["privacy@cloudservice.test"],
            message_key="out-of-office",
            message_id=None,
            raw=make_mail(subject="Ferie", body="Jeg er på ferie.", headers={"Auto-Submitted": "auto-replied"}),
        )
    process_pending(db, OPTIONS, lambda: datetime(2025, 1, 6, 8, 0, tzinfo=UTC))
    receive_request(db, datetime(2025, 1, 6, 8, 0, tzinfo=UTC), *ERASURE_DA)
    remind(db, datetime(2025, 2, 4, 9, 0, tzinfo=UTC), OPTIONS, STAFF)  # digests: outbox rows with no case
    digests = rows(db, OutboxMessage, kind="reminder_digest")
    with db.transaction() as store:  # the sender delivered them
        for digest in digests:
            store.mark_sent(digest.id, datetime(2025, 2, 4, 9, 1, tzinfo=UTC), digest.lease_until)
    [ignored] = rows(db, RawMessage, message_key="out-of-office")
    assert ignored.status == "ignored" and ignored.raw

    assert purge(db, NOW, RULES, "alice", dry_run=True).unlinked_bodies_purged == 3  # the message and two digests
    assert rows(db, RawMessage, message_key="out-of-office")[0].raw  # a dry run changes nothing
    report = purge(db, NOW, RULES, "alice")
    assert report.unlinked_bodies_purged == 3
    assert rows(db, RawMessage, message_key="out-of-office")[0].raw == b""
    assert all(m.raw == b"" for m in rows(db, OutboxMessage, kind="reminder_digest"))
    assert purge(db, NOW + timedelta(days=1), RULES, "alice").unlinked_bodies_purged == 0  # nothing twice


def test_a_dry_run_counts_without_changing_anything_or_leaving_a_run_behind(db):
    old = closed_case(db, datetime(2025, 6, 2, 8, 0, tzinfo=UTC), *ERASURE_DA)
    doomed = closed_case(db, datetime(2020, 6, 2, 8, 0, tzinfo=UTC), *ERASURE_DA, sender="old@example.dk")
    report = purge(db, NOW, RULES, "alice", dry_run=True)
    assert (report.cases_bodies_purged, report.cases_deleted, report.deleted_references) == (1, 1, (doomed,))
    assert case(db, old).subject and case(db, doomed).reference == doomed
    assert runs(db) == []


def test_the_daily_job_runs_once_a_day_across_instances_and_logs_counts_only(database_url, caplog):
    first, second = Database(database_url), Database(database_url)
    closed_case(first, datetime(2025, 6, 2, 8, 0, tzinfo=UTC), "Slet mig", "Slet min konto, mette.hansen@example.dk")
    assert purge_due(first, NOW)
    with caplog.at_level(logging.INFO, logger="handlers.retention"):
        purge(first, NOW, RULES, "privacybot (daily retention job)")
    assert "bodies of 1 case(s)" in caplog.text and "example.dk" not in caplog.text and "Slet" not in caplog.text
    assert not purge_due(second, NOW + timedelta(hours=2))  # the other instance sees today's run
    assert purge_due(second, NOW + timedelta(hours=23))
    first.dispose()
    second.dispose()


def runs(db: Database):  # noqa: ANN201
    with db.transaction() as store:
        return retention_runs(store)
