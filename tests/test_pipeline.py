"""The pipeline over a stored message, on SQLite and PostgreSQL: cases, deadlines, confirmations, threading, loops."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from handlers import outbox_mail, pipeline
from handlers.options import PipelineOptions
from handlers.pipeline import process_pending
from storage.models import RAW_DONE, RAW_IGNORED, RAW_NEW, OutboxMessage, RawMessage
from storage.store import Database, Store
from tests.mailtools import make_mail, read_mail, store_mail, text_body, waiting_rows

MAILBOX = "privacy@cloudservice.test"
OPTIONS = PipelineOptions(mailboxes=(MAILBOX,), message_id_domain="cloudservice.test")


def receive(db: Database, clock, raw: bytes, envelope_from: str = "mette.hansen@example.dk") -> int:
    return store_mail(db, clock, raw, MAILBOX, envelope_from)


def run_pipeline(db: Database, clock, options: PipelineOptions = OPTIONS) -> None:
    while process_pending(db, options, clock):
        pass


def outbox(db: Database) -> list[OutboxMessage]:
    with db.transaction() as store:
        return [m for case in store.list_cases() for m in store.outbound_for_case(case.id)]


def test_danish_erasure_request_opens_case_with_statutory_deadline_and_danish_confirmation(db, clock):
    request = make_mail(
        subject="Sletning af mine oplysninger",
        body="Hej\n\nJeg vil gerne have slettet min konto og alle mine oplysninger hos jer.\n\nMvh Mette",
    )
    receive(db, clock, request)
    run_pipeline(db, clock)

    with db.transaction() as store:
        [case] = store.list_cases()
        assert "erasure" in case.labels.split(",")
        assert case.language == "da"
        # Received Tue 24 Nov 2026 (Copenhagen) -> 24 Dec 2026, a Thursday and a working day.
        assert case.deadline.isoformat() == "2026-12-24"
        kinds = [e.kind for e in store.events(case.id)]
        assert kinds[:2] == ["received", "classified"] and "message_out" in kinds

    [reply] = outbox(db)
    message = read_mail(reply.raw)
    assert message["Subject"].startswith(f"[{case.reference}]")
    assert message["To"] == "mette.hansen@example.dk"
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["X-Auto-Response-Suppress"] == "All"
    original = read_mail(request)["Message-ID"]
    assert message["In-Reply-To"] == original and original in message["References"]
    body = text_body(message)
    assert "24. december 2026" in body and "2026-12-24" in body
    assert "sletning" in body.lower()
    assert message.get_body(preferencelist=("html",)) is not None


def test_english_access_request_gets_english_confirmation(db, clock):
    receive(
        db,
        clock,
        make_mail(
            sender="john@example.com",
            subject="Subject access request",
            body="Hello,\nplease send me a copy of all the personal data you hold about me.\nThanks, John",
        ),
        envelope_from="john@example.com",
    )
    run_pipeline(db, clock)
    [reply] = outbox(db)
    body = text_body(read_mail(reply.raw))
    assert "24 December 2026" in body and "access to your personal data" in body


def test_a_message_we_cannot_place_is_not_called_unrelated_while_staff_check_it(db, clock):
    """Flagged `other` (here: a language we do not read) runs on the statutory clock until staff have looked; the
    reply says so instead of listing "does not seem to concern personal data" beside the Art. 12(3) promise."""
    text = "Guten Tag, können Sie mir bei der Einrichtung meines Webservers helfen? Vielen Dank."
    receive(db, clock, make_mail(sender="hans@example.de", subject="Webserver", body=text), "hans@example.de")
    run_pipeline(db, clock)
    with db.transaction() as store:
        [case] = store.list_cases()
        assert case.labels == "other" and case.triage and case.deadline.isoformat() == "2026-12-24"
    body = text_body(read_mail(outbox(db)[0].raw))
    assert "not yet sure whether your message is a request about your personal data" in body
    assert "does not seem to concern personal data" not in body and "Article 12(3)" in body


@pytest.mark.parametrize(
    "headers, subject, envelope_from",
    [
        ({"Auto-Submitted": "auto-replied"}, "Automatisk svar: Sletning", "mette.hansen@example.dk"),
        ({}, "Out of Office: delete my data", "mette.hansen@example.dk"),
        ({"Precedence": "bulk"}, "Nyhedsbrev", "mette.hansen@example.dk"),
        ({}, "Undelivered Mail Returned to Sender", "<>"),
    ],
    ids=["auto-submitted", "out-of-office-subject", "bulk", "bounce-null-sender"],
)
def test_automatic_mail_gets_no_answer_and_opens_no_case(db, clock, headers, subject, envelope_from):
    receive(db, clock, make_mail(subject=subject, body="Please delete my data.", headers=headers), envelope_from)
    run_pipeline(db, clock)
    with db.transaction() as store:
        assert store.list_cases() == []
        assert store.count_raw(RAW_IGNORED) == 1
        assert store.count_outbox() == 0


def confirmation_of_first_case(db: Database) -> tuple[str, str]:
    with db.transaction() as store:
        [case] = store.list_cases()
        [reply] = store.outbound_for_case(case.id)
        return case.reference, reply.message_id


def test_reply_to_confirmation_joins_the_case_without_a_second_confirmation(db, clock):
    receive(db, clock, make_mail(subject="Slet mig", body="Slet venligst alle mine data."))
    run_pipeline(db, clock)
    reference, confirmation_id = confirmation_of_first_case(db)

    clock.now += timedelta(hours=2)
    reply = make_mail(
        subject=f"Re: [{reference}] Vi har modtaget din henvendelse",
        body="Mit kundenummer er 10442.\n\n> Tak for din henvendelse",
        headers={"In-Reply-To": confirmation_id, "References": confirmation_id},
    )
    receive(db, clock, reply)
    run_pipeline(db, clock)

    with db.transaction() as store:
        [case] = store.list_cases()
        assert [e.kind for e in store.events(case.id)].count("message_in") == 1
        assert len(store.inbound_for_case(case.id)) == 2
        assert store.count_outbox() == 1


def test_reply_from_a_stranger_with_the_case_tag_opens_a_new_case(db, clock):
    receive(db, clock, make_mail(subject="Slet mig", body="Slet venligst alle mine data."))
    run_pipeline(db, clock)
    reference, confirmation_id = confirmation_of_first_case(db)

    receive(
        db,
        clock,
        make_mail(
            sender="mallory@evil.test",
            subject=f"Re: [{reference}]",
            body="Send me everything you have on this person.",
            headers={"In-Reply-To": confirmation_id},
        ),
        envelope_from="mallory@evil.test",
    )
    run_pipeline(db, clock)
    with db.transaction() as store:
        cases = store.list_cases()
        assert len(cases) == 2
        assert cases[1].requester_address == "mallory@evil.test"
        assert [e.kind for e in store.events(cases[0].id)].count("message_in") == 0


def test_out_of_office_answering_our_confirmation_is_noted_on_the_case_not_answered(db, clock):
    receive(db, clock, make_mail(subject="Slet mig", body="Slet venligst alle mine data."))
    run_pipeline(db, clock)
    reference, confirmation_id = confirmation_of_first_case(db)
    receive(
        db,
        clock,
        make_mail(
            subject=f"Automatisk svar: [{reference}] Vi har modtaget din henvendelse",
            body="Jeg er på ferie til mandag.",
            headers={"Auto-Submitted": "auto-replied", "In-Reply-To": confirmation_id},
        ),
    )
    run_pipeline(db, clock)
    with db.transaction() as store:
        [case] = store.list_cases()
        assert "automated_message" in [e.kind for e in store.events(case.id)]
        assert store.count_outbox() == 1


def test_our_own_mail_looping_back_is_not_answered(db, clock):
    receive(
        db,
        clock,
        make_mail(
            sender=f"Cloud Service <{MAILBOX}>",
            subject="[PRV-2026-000001] Vi har modtaget",
            body="Tak for din henvendelse",
        ),
        envelope_from=MAILBOX,
    )
    run_pipeline(db, clock)
    with db.transaction() as store:
        assert store.count_outbox() == 0 and store.list_cases() == []


def test_unparseable_message_is_quarantined_with_reason_and_the_worker_goes_on(db, clock):
    receive(db, clock, b"")
    receive(db, clock, make_mail(subject="Afmeld nyhedsbrev", body="Afmeld mig venligst jeres nyhedsbrev."))
    run_pipeline(db, clock)
    with db.transaction() as store:
        [bad] = store.quarantined()
        assert bad.error and bad.error.startswith("cannot parse")
        assert store.count_raw(RAW_DONE) == 1
        assert len(store.list_cases()) == 1


def understanding_fails_on_poison(monkeypatch) -> None:  # noqa: ANN001
    """A message whose subject says POISON makes the understanding step raise (a bug in it, say)."""
    import handlers.pipeline as pipeline

    real_understand = pipeline.understand

    def explode_on_poison(subject: str, body: str):
        if "POISON" in subject:
            raise RuntimeError("boom")
        return real_understand(subject, body)

    monkeypatch.setattr(pipeline, "understand", explode_on_poison)


def poison_is_quarantined_and_its_neighbour_done(db: Database, clock, poison: bytes, error: str) -> None:  # noqa: ANN001
    """`poison` and an access request stored, the pipeline run max_attempts times: the poison is quarantined with
    `error` in its reason after its last attempt, and the request went through."""
    receive(db, clock, poison)
    receive(db, clock, make_mail(subject="Indsigt", body="Jeg beder om indsigt i mine oplysninger."))
    for _ in range(OPTIONS.max_attempts):
        process_pending(db, OPTIONS, clock)
    with db.transaction() as store:
        [bad] = store.quarantined()
        assert bad.attempts == OPTIONS.max_attempts and error in bad.error
        assert store.count_raw(RAW_DONE) == 1 and store.count_raw(RAW_NEW) == 0


def test_a_crashing_handler_is_retried_then_quarantined_without_blocking_others(db, clock, monkeypatch):
    understanding_fails_on_poison(monkeypatch)
    poison_is_quarantined_and_its_neighbour_done(db, clock, make_mail(subject="POISON", body="x"), "RuntimeError")


def test_a_confirmation_that_cannot_be_rendered_is_quarantined_without_blocking_others(db, clock, monkeypatch):
    """Rendering fails (a broken template for one message): on SQLite the confirmation is first drafted before the
    batch, outside any transaction; the failure must still be counted on that message in the batch."""
    real_render = outbox_mail.render

    def broken_for_poison(name, language, context, *args):  # noqa: ANN001, ANN002, ANN202
        if "POISON" in context.get("subject", ""):
            raise RuntimeError("template broken")
        return real_render(name, language, context, *args)

    monkeypatch.setattr(outbox_mail, "render", broken_for_poison)
    poison = make_mail(subject="POISON", body="Slet mine oplysninger.")
    poison_is_quarantined_and_its_neighbour_done(db, clock, poison, "template broken")
    [reply] = outbox(db)
    assert "Indsigt" in read_mail(reply.raw)["Subject"]


class ProcessDied(BaseException):
    """Stands for the process dying mid-pass (killed, out of memory, a crash in C): no handler catches it, and
    nothing of the pass's transaction commits."""


def dies_on_poison(real, raw_of):  # noqa: ANN001, ANN201
    def dying(first, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if b"POISON" in raw_of(first, *args):
            raise ProcessDied
        return real(first, *args, **kwargs)

    return dying


# Where it dies: reading the message (on SQLite ahead of the batch's transaction, where most of the work is done) or
# in the batch, with the case half made.
DEATHS = {
    "parse_message": lambda raw, *_: raw,
    "handle_raw": lambda store, row, *_: row.raw,
}


@pytest.mark.parametrize("where", sorted(DEATHS))
def test_a_message_that_kills_the_worker_is_quarantined_and_its_neighbours_go_through(db, clock, monkeypatch, where):
    monkeypatch.setattr(pipeline, where, dies_on_poison(getattr(pipeline, where), DEATHS[where]))
    receive(db, clock, make_mail(subject="Indsigt", body="Jeg beder om indsigt i mine oplysninger."))
    receive(db, clock, make_mail(sender="a@example.dk", subject="POISON", body="Slet mig."), "a@example.dk")
    receive(
        db, clock, make_mail(sender="b@example.dk", subject="Sletning", body="Slet mine oplysninger."), "b@example.dk"
    )
    with pytest.raises(ProcessDied):
        process_pending(db, OPTIONS, clock)
    assert process_pending(db, OPTIONS, clock) == 0, "the restarted worker met the same message at once"
    deaths = 1
    for _ in range(10):  # each restart finds the lease ended
        clock.now += pipeline.RAW_LEASE + timedelta(seconds=1)
        try:
            if process_pending(db, OPTIONS, clock) == 0:
                break
        except ProcessDied:
            deaths += 1
    assert deaths == OPTIONS.max_attempts
    with db.transaction() as store:
        [bad] = store.quarantined()
        assert b"POISON" in bad.raw and "stopped while handling it" in bad.error
        assert store.count_raw(RAW_DONE) == 2 and len(store.list_cases()) == 2 and store.count_outbox() == 2
        assert waiting_rows(store) == []


class ServerGone(Exception):
    sqlstate = None  # what psycopg gives when the connection is lost


def server_gone(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201
    raise OperationalError("UPDATE raw_message ...", {}, ServerGone())


def test_a_database_outage_in_the_middle_of_a_pass_costs_its_messages_no_attempt(db, clock, monkeypatch):
    real = pipeline._run_batch
    monkeypatch.setattr(pipeline, "_run_batch", server_gone)
    receive(db, clock, make_mail(subject="Indsigt", body="Jeg beder om indsigt i mine oplysninger."))
    receive(
        db, clock, make_mail(sender="b@example.dk", subject="Sletning", body="Slet mine oplysninger."), "b@example.dk"
    )
    with pytest.raises(OperationalError):
        process_pending(db, OPTIONS, clock)
    with db.transaction() as store:
        assert [(row.attempts, row.lease_until) for row in waiting_rows(store)] == [(0, None), (0, None)]
    monkeypatch.setattr(pipeline, "_run_batch", real)
    assert process_pending(db, OPTIONS, clock) == 2  # together and at once: neither is a suspect, nor held
    with db.transaction() as store:
        assert store.count_raw(RAW_DONE) == 2


def test_leases_an_outage_kept_from_being_given_back_are_given_back_by_the_next_pass(db, clock, monkeypatch):
    """The database went away mid-pass and stayed away while the pass gave its messages back: once it is back, the
    messages go at the next pass, not after their lease (30 s of silence after a blip of a second)."""
    real_batch, real_release = pipeline._run_batch, Store.release_raw
    monkeypatch.setattr(pipeline, "_run_batch", server_gone)
    monkeypatch.setattr(Store, "release_raw", server_gone)
    receive(db, clock, make_mail(subject="Indsigt", body="Jeg beder om indsigt i mine oplysninger."))
    owed = pipeline.OwedLeases()
    with pytest.raises(OperationalError):
        process_pending(db, OPTIONS, clock, owed=owed)
    with db.transaction() as store:
        assert [row.attempts for row in waiting_rows(store)] == [1], "the outage kept the attempt counted"
    assert process_pending(db, OPTIONS, clock) == 0, "a pass that owes nothing must respect the lease"
    monkeypatch.setattr(pipeline, "_run_batch", real_batch)
    monkeypatch.setattr(Store, "release_raw", real_release)
    assert process_pending(db, OPTIONS, clock, owed=owed) == 1
    with db.transaction() as store:
        assert store.count_raw(RAW_DONE) == 1 and len(store.list_cases()) == 1 and store.count_outbox() == 1
        [done] = store.session.exec(select(RawMessage)).all()
        assert done.attempts == 1, "the attempt of the pass that lost the database was given back"
    assert owed.leases == []


def test_a_lease_whose_commit_went_through_unseen_is_given_back_by_the_next_pass(db, clock, monkeypatch):
    receive(db, clock, make_mail(subject="Indsigt", body="Jeg beder om indsigt i mine oplysninger."))
    real_transaction = db.transaction

    @contextmanager
    def committed_then_lost():  # noqa: ANN202
        monkeypatch.setattr(db, "transaction", real_transaction)
        with real_transaction() as store:
            yield store
        server_gone()  # the COMMIT reached the server; its answer never came back

    monkeypatch.setattr(db, "transaction", committed_then_lost)
    owed = pipeline.OwedLeases()
    with pytest.raises(OperationalError):
        process_pending(db, OPTIONS, clock, owed=owed)
    with db.transaction() as store:
        assert [row.attempts for row in waiting_rows(store)] == [1]
    assert len(owed.leases) == 1
    assert process_pending(db, OPTIONS, clock, owed=owed) == 1, "it went at once, not after its lease"
    with db.transaction() as store:
        [done] = store.session.exec(select(RawMessage)).all()
        assert done.status == RAW_DONE and done.attempts == 1


def test_an_owed_lease_leaves_a_message_another_pass_has_since_taken_alone(db, clock):
    raw_id = receive(db, clock, make_mail(subject="Indsigt", body="Jeg beder om indsigt i mine oplysninger."))
    taken_until = clock() + pipeline.RAW_LEASE
    with db.transaction() as store:
        store.lease_raw([raw_id], taken_until)  # another instance's pass holds it now
    owed = pipeline.OwedLeases(leases=[([raw_id], clock() - timedelta(seconds=1))])  # ours, long ended
    assert process_pending(db, OPTIONS, clock, owed=owed) == 0
    with db.transaction() as store:
        [row] = waiting_rows(store)
        assert row.attempts == 1
    assert process_pending(db, OPTIONS, clock) == 0, "still held by the other pass's lease"
    assert owed.leases == []


def test_a_message_on_which_the_database_goes_away_every_time_is_quarantined_in_the_end(db, clock, monkeypatch):
    """Giving the attempts back after each lost database must not let one message be tried, uncounted, for ever."""
    real = pipeline.handle_raw

    def drops_the_connection(store, row, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if b"POISON" in row.raw:
            server_gone()
        return real(store, row, *args, **kwargs)

    monkeypatch.setattr(pipeline, "handle_raw", drops_the_connection)
    receive(db, clock, make_mail(subject="Indsigt", body="Jeg beder om indsigt i mine oplysninger."))
    receive(db, clock, make_mail(sender="a@example.dk", subject="POISON", body="Slet mig."), "a@example.dk")
    owed = pipeline.OwedLeases()
    for _ in range(20):
        try:
            process_pending(db, OPTIONS, clock, owed=owed)
        except OperationalError:
            pass
        clock.now += pipeline.RAW_LEASE + timedelta(seconds=1)
    with db.transaction() as store:
        [bad] = store.quarantined()
        assert b"POISON" in bad.raw and "stopped while handling it" in bad.error
        assert store.count_raw(RAW_DONE) == 1 and len(store.list_cases()) == 1
        assert waiting_rows(store) == []


def test_a_message_that_raises_mid_batch_costs_its_neighbours_nothing_and_doubles_nothing(db, clock, monkeypatch):
    """The batch runs again message by message: the work done before the failure must not be there twice."""
    understanding_fails_on_poison(monkeypatch)
    receive(db, clock, make_mail(subject="Indsigt", body="Jeg beder om indsigt i mine oplysninger."))
    receive(db, clock, make_mail(subject="POISON", body="x"))
    receive(db, clock, make_mail(subject="Sletning", body="Slet venligst alle mine oplysninger."))
    assert process_pending(db, OPTIONS, clock) == 3
    with db.transaction() as store:
        assert len(store.list_cases()) == 2 and store.count_outbox() == 2
        assert store.count_raw(RAW_DONE) == 2
        [waiting] = waiting_rows(store)
        assert waiting.attempts == 1 and "RuntimeError" in waiting.error


def test_a_message_failing_after_its_case_was_opened_leaves_no_trace_for_the_next_case(db, clock, monkeypatch):
    """The failed message's case must leave the session with its savepoint: SQLite gives its id to the next case
    (the exception is kept alive in a reference cycle, as real ones often are)."""
    import handlers.pipeline as pipeline

    real = pipeline.queue_confirmation
    kept: list[Exception] = []

    def explode_on_poison(store, case, parsed, *args, **kwargs):
        if "POISON" in parsed.subject:
            failure = RuntimeError("boom after the case was opened")
            kept.append(failure)
            raise failure
        return real(store, case, parsed, *args, **kwargs)

    monkeypatch.setattr(pipeline, "queue_confirmation", explode_on_poison)
    receive(db, clock, make_mail(subject="Indsigt", body="Jeg beder om indsigt i mine oplysninger."))
    receive(db, clock, make_mail(sender="a@example.dk", subject="POISON", body="Slet mig."), "a@example.dk")
    for who in ("b", "c"):
        mail = make_mail(sender=f"{who}@example.dk", subject="Sletning", body="Slet venligst alle mine oplysninger.")
        receive(db, clock, mail, f"{who}@example.dk")
    assert process_pending(db, OPTIONS, clock) == 4
    with db.transaction() as store:
        assert store.count_raw(RAW_DONE) == 3 and store.count_outbox() == 3
        [waiting] = waiting_rows(store)
        assert waiting.attempts == 1 and "boom" in waiting.error


def test_a_write_the_database_refuses_counts_on_that_message_not_on_the_batch(db, clock, monkeypatch):
    """A fault only the database sees (here a NOT NULL column left empty) is found with its own message."""
    import handlers.pipeline as pipeline

    real = pipeline.handle_raw

    def spoil_poison(store, row, options, now, prepared=None):
        real(store, row, options, now, prepared)
        if b"POISON" in row.raw:
            row.envelope_to = None  # a pending change only the database refuses

    monkeypatch.setattr(pipeline, "handle_raw", spoil_poison)
    receive(db, clock, make_mail(subject="Indsigt", body="Jeg beder om indsigt i mine oplysninger."))
    receive(db, clock, make_mail(sender="b@example.dk", subject="POISON", body="Slet mig."), "b@example.dk")
    assert process_pending(db, OPTIONS, clock) == 2
    with db.transaction() as store:
        assert store.count_raw(RAW_DONE) == 1 and len(store.list_cases()) == 1
        [waiting] = waiting_rows(store)
        assert waiting.attempts == 1 and "IntegrityError" in waiting.error


def test_auto_replies_to_one_address_are_throttled_but_cases_still_open(db, clock):
    limit = OPTIONS.replies_per_address_per_day
    for n in range(limit + 2):
        receive(db, clock, make_mail(subject=f"Spørgsmål {n}", body=f"Hvor længe gemmer I fakturaer? ({n})"))
    run_pipeline(db, clock)
    with db.transaction() as store:
        assert len(store.list_cases()) == limit + 2
        assert store.count_outbox() == limit


def test_complaint_gets_internal_sla_and_datatilsynet_in_the_reply(db, clock):
    receive(
        db,
        clock,
        make_mail(
            subject="Klage",
            body=(
                "Jeg er meget utilfreds: I sendte min faktura med mine oplysninger til en fremmed person. "
                "Det er et brud på persondatasikkerheden."
            ),
        ),
    )
    run_pipeline(db, clock)
    with db.transaction() as store:
        [case] = store.list_cases()
        assert "complaint" in case.labels.split(",")
    [reply] = outbox(db)
    assert "Datatilsynet" in text_body(read_mail(reply.raw))


def test_subject_with_line_breaks_cannot_inject_headers_into_the_reply(db, clock):
    raw = make_mail(subject="Slet mig", body="Slet alle mine data.").replace(
        b"Subject: Slet mig", b"Subject: =?utf-8?q?Slet_mig=0D=0ABcc=3A_victim=40example=2Ecom?="
    )
    receive(db, clock, raw)
    run_pipeline(db, clock)
    [reply] = outbox(db)
    message = read_mail(reply.raw)
    assert message["Bcc"] is None and "\n" not in message["Subject"]


def test_a_message_about_something_else_is_told_so_once(db, clock):
    receive(db, clock, make_mail(subject="DNS", body="How do I point my domain to the new server?"))
    run_pipeline(db, clock)
    body = text_body(read_mail(outbox(db)[0].raw))
    assert body.count("does not seem to concern personal data") == 1 and "right department" in body
