"""Staff reminders: which stage a case is due when, in working hours only, recorded once per case and stage across
passes, restarts and concurrent instances, and one digest per staff address with personal numbers masked."""

import json
import threading
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from hashlib import sha256

import pytest

from handlers import decisions
from handlers.case_states import ACTIVE
from handlers.options import ChatOptions
from handlers.reminder_sweep import remind
from handlers.reminders import due_reminders, in_working_hours, next_stage_day
from handlers.staff_digest import chat_text
from handlers.staff_options import StaffOptions
from storage.staff_queries import reminder_candidates
from storage.store import Database
from tests.mailtools import text_body
from tests.staffing import (
    ACCESS_EN,
    ERASURE_DA,
    OPTIONS,
    STAFF,
    UNSUBSCRIBE_EN,
    case,
    mails,
    outbox,
    plain,
    receive_request,
)

DEFAULTS = StaffOptions()
# Mon 5 Oct 2026, 09:00 in Copenhagen: one month later is Thu 5 Nov 2026, a working day.
RECEIVED = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)
# 25 working days later (October has no Danish public holiday): Mon 9 Nov 2026, 09:30 in Copenhagen.
TWENTY_FIVE_WORKING_DAYS_LATER = datetime(2026, 11, 9, 8, 30, tzinfo=UTC)
# A message in a language the bot does not read ("I keep getting your offers. Enough is enough." in Polish): it may
# be a request, so it opens a case awaiting triage (LEGAL.md §1).
UNREAD_OPTOUT_PL = ("Oferty", "Ciągle dostaję wasze oferty. Dość tego.")
STAFF_CHAT = "-1001234"


def stages(deadline: date, today: date, **facts) -> list[str]:
    given = {
        "extended": False,
        "statutory": True,
        "nominal": deadline,
        "triage": False,
        "received": date(2026, 10, 5),
        **facts,
    }
    return [d.stage for d in due_reminders(deadline=deadline, today=today, options=DEFAULTS, **given)]


# -- which stage when (pure) ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 10, 26), []),  # 8 working days before: nothing yet
        (date(2026, 10, 27), ["before7:2026-11-05"]),  # 7 working days before
        (date(2026, 10, 29), ["before7:2026-11-05"]),  # 5 left: still the 7-day window, the same stage
        (date(2026, 11, 2), ["before3:2026-11-05"]),
        (date(2026, 11, 4), ["before1:2026-11-05"]),
        (date(2026, 11, 5), ["due:2026-11-05"]),
        (date(2026, 11, 6), ["overdue:2026-11-06"]),
        (date(2026, 11, 9), ["overdue:2026-11-09"]),  # daily while overdue
    ],
)
def test_deadline_stages_follow_working_days_before_the_deadline(today, expected):
    assert stages(date(2026, 11, 5), today, extended=True) == expected


def test_a_missed_window_is_caught_up_by_the_next_pass_not_skipped():
    # Service down on the 7-day day; the next pass, 6 working days before, still sends the 7-day stage.
    assert stages(date(2026, 11, 5), date(2026, 10, 28), extended=True) == ["before7:2026-11-05"]


def test_extension_decision_is_due_in_the_working_days_before_the_nominal_date_while_not_extended():
    nominal = date(2026, 12, 24)
    facts = {
        "deadline": nominal,
        "extended": False,
        "nominal": nominal,
        "triage": False,
        "received": date(2026, 11, 24),
    }
    due = due_reminders(**facts, statutory=True, today=date(2026, 12, 17), options=DEFAULTS)
    assert [d.stage for d in due] == ["before7:2026-12-24", "extension:2026-12-24"]
    assert due[1].working_days == 5
    too_early = due_reminders(**facts, statutory=True, today=date(2026, 12, 16), options=DEFAULTS)
    assert [d.stage for d in too_early] == ["before7:2026-12-24"]
    internal = due_reminders(**facts, statutory=False, today=date(2026, 12, 17), options=DEFAULTS)
    assert [d.stage for d in internal] == ["before7:2026-12-24"]


def test_a_case_needs_looking_at_again_on_the_day_its_next_window_opens_even_past_a_weekend_nominal_date():
    # Received Sat 30 Jan 2027: nominal Sun 28 Feb, deadline Mon 1 Mar. With a 4-working-day extension warning the
    # window opens on Mon 22 Feb, when the deadline itself is 5 working days away: the pass must look at it then.
    options = replace(DEFAULTS, reminder_offsets=(1,), extension_warning_working_days=4)
    facts = {
        "deadline": date(2027, 3, 1),
        "extended": False,
        "statutory": True,
        "nominal": date(2027, 2, 28),
        "triage": False,
        "received": date(2027, 1, 30),
    }
    assert next_stage_day(**facts, today=date(2027, 2, 1), options=options) == date(2027, 2, 22)
    assert [d.stage for d in due_reminders(**facts, today=date(2027, 2, 21), options=options)] == []
    assert [d.stage for d in due_reminders(**facts, today=date(2027, 2, 22), options=options)] == [
        "extension:2027-02-28"
    ]
    # Then the 1-day window, the day itself, and every day while overdue.
    assert next_stage_day(**facts, today=date(2027, 2, 22), options=options) == date(2027, 2, 26)
    assert next_stage_day(**facts, today=date(2027, 2, 26), options=options) == date(2027, 3, 1)
    assert next_stage_day(**facts, today=date(2027, 3, 3), options=options) == date(2027, 3, 4)


# -- awaiting triage (pure) ----------------------------------------------------------------------------------------

# Arrived Sat 3 Oct 2026: deadline Tue 3 Nov 2026, its 7-day window opens Fri 23 Oct.
ARRIVED = date(2026, 10, 3)
TRIAGED = {"deadline": date(2026, 11, 3), "extended": False, "statutory": True, "nominal": date(2026, 11, 3)}


def triage_due(today: date, triage: bool = True) -> list[tuple[str, str, date, int]]:
    due = due_reminders(**TRIAGED, triage=triage, received=ARRIVED, today=today, options=DEFAULTS)
    return [(d.kind, d.stage, d.concerns, d.working_days) for d in due]


def test_a_case_awaiting_triage_is_due_a_triage_reminder_from_the_day_it_arrived_not_weeks_later():
    assert triage_due(ARRIVED) == [("triage", "triage:2026-10-03", ARRIVED, 0)]
    # The first pass after a weekend arrival is Monday's: the same stage, one working day waited.
    assert triage_due(date(2026, 10, 5)) == [("triage", "triage:2026-10-03", ARRIVED, -1)]


def test_a_case_not_awaiting_triage_gets_no_triage_reminder():
    assert triage_due(ARRIVED, triage=False) == []
    assert triage_due(date(2026, 10, 5), triage=False) == []


def test_the_triage_stage_keeps_one_key_so_it_is_recorded_once_and_brings_the_case_back_only_for_the_deadline():
    later = triage_due(date(2026, 10, 23))  # still in triage when the 7-day window opens
    assert [stage for _, stage, _, _ in later] == ["before7:2026-11-03", "triage:2026-10-03"]
    for triage in (True, False):  # the daily passes skip the case until its window opens, in triage or not
        day = next_stage_day(**TRIAGED, triage=triage, received=ARRIVED, today=date(2026, 10, 5), options=DEFAULTS)
        assert day == date(2026, 10, 23)


def test_a_pass_as_of_an_instant_before_arrival_looks_at_a_triaged_case_again_on_the_day_it_arrived():
    # `privacybot remind --at` an earlier instant: the case is not due yet, but must be looked at on its arrival day.
    def next_day(triage: bool) -> date:
        return next_stage_day(**TRIAGED, triage=triage, received=ARRIVED, today=date(2026, 10, 2), options=DEFAULTS)

    assert triage_due(date(2026, 10, 2)) == []
    assert next_day(triage=True) == ARRIVED
    assert next_day(triage=False) == date(2026, 10, 23)


@pytest.mark.parametrize(
    "at, inside",
    [
        (datetime(2026, 11, 24, 7, 0, tzinfo=UTC), True),  # Tue 08:00 CET
        (datetime(2026, 11, 24, 6, 59, tzinfo=UTC), False),  # 07:59
        (datetime(2026, 11, 24, 15, 0, tzinfo=UTC), False),  # 16:00: the end is excluded
        (datetime(2026, 11, 28, 10, 0, tzinfo=UTC), False),  # Saturday
        (datetime(2026, 12, 25, 10, 0, tzinfo=UTC), False),  # Juledag, a public holiday
        (datetime(2026, 12, 24, 10, 0, tzinfo=UTC), True),  # 24 December is a working day (LEGAL.md §2)
        (datetime(2026, 6, 16, 6, 30, tzinfo=UTC), True),  # 08:30 summer time
    ],
)
def test_reminders_go_out_only_in_copenhagen_working_hours(at, inside):
    assert in_working_hours(at, DEFAULTS) is inside


def test_working_hours_are_configurable():
    early = replace(DEFAULTS, working_hours=(time(6, 0), time(18, 0)))
    assert in_working_hours(datetime(2026, 11, 24, 5, 30, tzinfo=UTC), early)


# -- the pass over real mail, on SQLite and PostgreSQL -----------------------------------------------------------


def test_case_received_25_working_days_ago_gets_the_overdue_reminder_once(db):
    reference = receive_request(db, RECEIVED, *ERASURE_DA)
    assert case(db, reference).deadline == date(2026, 11, 5)

    first = remind(db, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, STAFF)
    [reminder] = first.reminders
    assert (reminder.reference, reminder.kind, reminder.stage) == (reference, "overdue", "overdue:2026-11-09")
    assert first.digests_queued == 2

    digests = mails(db, "reminder_digest")
    assert sorted(m["To"] for m in digests) == ["dpo@cloudservice.test", "support@cloudservice.test"]
    body = text_body(digests[0])
    assert "FRISTEN ER OVERSKREDET" in body
    assert f"{reference}  erasure  frist 2026-11-05, 2 arbejdsdag(e) over" in body
    assert digests[0]["Auto-Submitted"] == "auto-generated"
    assert "overskredet" in digests[0]["Subject"]

    second = remind(db, TWENTY_FIVE_WORKING_DAYS_LATER.replace(hour=12), OPTIONS, STAFF)
    assert second.reminders == () and second.digests_queued == 0
    assert len(mails(db, "reminder_digest")) == 2

    trail = [e for e in _events(db, reference) if e.kind == "reminded"]
    assert [e.detail for e in trail] == ['{"stage": "overdue:2026-11-09"}']


def test_a_restarted_service_does_not_repeat_a_reminder_but_reminds_again_the_next_overdue_day(database_url):
    first_run = Database(database_url)
    receive_request(first_run, RECEIVED, *ERASURE_DA)
    assert len(remind(first_run, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, STAFF).reminders) == 1
    first_run.dispose()

    restarted = Database(database_url)
    assert remind(restarted, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, STAFF).reminders == ()
    next_day = remind(restarted, datetime(2026, 11, 10, 8, 0, tzinfo=UTC), OPTIONS, STAFF)
    assert [r.stage for r in next_day.reminders] == ["overdue:2026-11-10"]
    restarted.dispose()


def test_two_instances_passing_at_the_same_moment_send_each_stage_once(database_url):
    setup = Database(database_url)
    for n in range(5):
        receive_request(setup, RECEIVED, *ERASURE_DA, sender=f"person{n}@example.dk")
    setup.dispose()
    instances = [Database(database_url), Database(database_url)]
    start = threading.Barrier(2)
    results = []

    def one_pass(instance: Database) -> None:
        start.wait()
        results.append(remind(instance, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, STAFF))

    threads = [threading.Thread(target=one_pass, args=(instance,)) for instance in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(len(r.reminders) for r in results) == [0, 5]
    assert sum(r.digests_queued for r in results) == 2  # one digest per staff address, from one instance
    assert len(mails(instances[0], "reminder_digest")) == 2
    for instance in instances:
        instance.dispose()


def test_nothing_is_sent_or_recorded_outside_working_hours_or_without_staff_addresses(db):
    receive_request(db, RECEIVED, *ERASURE_DA)
    saturday = datetime(2026, 11, 7, 10, 0, tzinfo=UTC)
    assert "outside working hours" in (remind(db, saturday, OPTIONS, STAFF).skipped or "")
    nobody = remind(db, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, StaffOptions())
    assert "PRIVACYBOT_STAFF_EMAILS" in (nobody.skipped or "")
    assert mails(db, "reminder_digest") == []
    # Once staff are configured, the stage is still due: nothing was recorded meanwhile.
    assert len(remind(db, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, STAFF).reminders) == 1


def test_a_dry_run_shows_what_is_due_and_records_nothing(db):
    receive_request(db, RECEIVED, *ERASURE_DA)
    dry = remind(db, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, STAFF, dry_run=True)
    assert [r.stage for r in dry.reminders] == ["overdue:2026-11-09"] and dry.digests_queued == 0
    assert mails(db, "reminder_digest") == []
    assert len(remind(db, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, STAFF).reminders) == 1


def test_one_digest_per_address_lists_every_due_case_most_urgent_first_with_cpr_masked(db):
    overdue = receive_request(db, RECEIVED, "Slet mig, CPR 010203-1234", ERASURE_DA[1])
    soon = receive_request(db, datetime(2026, 10, 12, 8, 0, tzinfo=UTC), *ACCESS_EN, sender="john@example.com")
    far = receive_request(db, datetime(2026, 11, 2, 8, 0, tzinfo=UTC), *UNSUBSCRIBE_EN, sender="ann@example.com")
    result = remind(db, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, STAFF)
    assert {r.reference for r in result.reminders} == {overdue, soon}
    [digest, _] = mails(db, "reminder_digest")
    body = text_body(digest)
    assert body.index(overdue) < body.index(soon) and far not in body
    assert "010203-1234" not in body and "CPR ******-****" in body
    assert f"{soon}  access  frist 2026-11-12, om 3 arbejdsdag(e)" in body
    assert "mette" not in body.lower() and "john@" not in body

    chat = chat_text(result.reminders, date(2026, 11, 9), "en")
    assert overdue in chat and "Overdue:" in chat and "Due soon:" in chat
    assert "Slet" not in chat and "CPR" not in chat  # no subjects in the third-party chat


def test_closed_cases_are_not_reminded_and_an_extended_case_is_reminded_about_its_new_deadline(db):
    closed = receive_request(db, RECEIVED, *UNSUBSCRIBE_EN, sender="ann@example.com")
    extended = receive_request(db, RECEIVED, *ERASURE_DA)
    decided = datetime(2026, 10, 20, 8, 0, tzinfo=UTC)
    with db.transaction() as store:
        decisions.complete(
            store, store.case_by_reference(closed), {"marketing_optout": "Stopped."}, "alice", decided, OPTIONS
        )
        decisions.extend(store, store.case_by_reference(extended), "Many systems to search.", "alice", decided, OPTIONS)
    assert remind(db, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, STAFF).reminders == ()
    # Extended to Tue 5 Jan 2027: three working days before it, the 3-day stage of the new deadline is due.
    [reminder] = remind(db, datetime(2026, 12, 30, 9, 0, tzinfo=UTC), OPTIONS, STAFF).reminders
    assert (reminder.reference, reminder.stage) == (extended, "before3:2027-01-05")


def test_a_pass_looks_at_a_case_again_only_when_it_can_be_due_something_new_or_has_changed(db):
    reference = receive_request(db, RECEIVED, *ERASURE_DA)  # deadline Thu 5 Nov 2026, 7-day window from Tue 27 Oct

    def looked_at(day: date) -> bool:
        with db.transaction() as store:
            return reference in {c.reference for c in reminder_candidates(store, ACTIVE, day)}

    assert looked_at(date(2026, 10, 6))  # a new case: the next pass computes its days
    assert remind(db, datetime(2026, 10, 6, 9, 0, tzinfo=UTC), OPTIONS, STAFF).reminders == ()
    assert not looked_at(date(2026, 10, 6)) and not looked_at(date(2026, 10, 26)) and looked_at(date(2026, 10, 27))

    with db.transaction() as store:  # staff add a right the case did not have: its reminders may change
        store.case_by_reference(reference).labels = "erasure,objection"
    assert looked_at(date(2026, 10, 6))

    [reminder] = remind(db, datetime(2026, 10, 27, 9, 0, tzinfo=UTC), OPTIONS, STAFF).reminders
    assert (reminder.reference, reminder.stage) == (reference, "before7:2026-11-05")
    assert not looked_at(date(2026, 10, 28))  # still the 7-day window: nothing new until the extension warning


def test_digests_can_be_english(db):
    receive_request(db, RECEIVED, *ERASURE_DA)
    remind(db, TWENTY_FIVE_WORKING_DAYS_LATER, OPTIONS, replace(STAFF, staff_language="en"))
    [digest, _] = mails(db, "reminder_digest")
    assert digest["Subject"] == "[privacybot] 1 deadline reminder (1 overdue)"
    assert "deadline 2026-11-05, 2 working day(s) overdue" in text_body(digest)


def chat_texts(db: Database) -> list[str]:
    return [json.loads(row.raw)["params"]["text"] for row in outbox(db, "reminder_chat")]


def test_a_new_case_awaiting_triage_is_in_the_next_digest_and_chat_message_in_its_own_section_once(db):
    reference = receive_request(db, RECEIVED, *UNREAD_OPTOUT_PL)
    assert case(db, reference).triage
    with_chat = replace(OPTIONS, chat=ChatOptions(staff_chat=STAFF_CHAT, staff_language="en"))
    english = replace(STAFF, staff_language="en")

    first = remind(db, RECEIVED + timedelta(minutes=30), with_chat, english)  # the same morning, weeks before any
    assert [(r.reference, r.kind, r.stage) for r in first.reminders] == [
        (reference, "triage", f"triage:2026-10-05:{sha256(b'other').hexdigest()[:8]}")
    ]
    [digest, _] = mails(db, "reminder_digest")
    assert digest["Subject"] == "[privacybot] 1 deadline reminder (1 awaiting triage)"
    body = plain(digest)
    heading = body.index("WAITING FOR TRIAGE")
    assert "privacybot cases relabel REFERENCE" in body[heading:]
    assert body.count(reference) == 1 and body.index(f"- {reference}  other  arrived 2026-10-05\n") > heading
    [chat] = chat_texts(db)
    assert chat.splitlines()[2:] == [
        "Waiting for triage (check what the requester asks for, then settle it with privacybot cases relabel):",
        f"- {reference} (other) arrived 2026-10-05",
    ]

    assert remind(db, RECEIVED + timedelta(hours=4), with_chat, english).reminders == ()  # later that day
    next_day = remind(db, RECEIVED + timedelta(days=1, minutes=30), with_chat, english)
    assert next_day.reminders == ()
    assert len(mails(db, "reminder_digest")) == 2 and len(chat_texts(db)) == 1


def test_a_case_relabelled_before_the_pass_gets_no_triage_reminder_while_one_still_in_triage_does(db):
    settled = receive_request(db, RECEIVED, *UNREAD_OPTOUT_PL, sender="anna@example.pl")
    waiting = receive_request(db, RECEIVED, *UNREAD_OPTOUT_PL, sender="piotr@example.pl")
    with db.transaction() as store:
        found = store.case_by_reference(settled)
        reason = "Polish: stop the offers."
        decisions.relabel(
            store, found, ["marketing_optout"], reason, "alice", RECEIVED + timedelta(minutes=10), OPTIONS
        )

    result = remind(db, RECEIVED + timedelta(minutes=30), OPTIONS, STAFF)
    assert [(r.reference, r.kind) for r in result.reminders] == [(waiting, "triage")]
    [digest, _] = mails(db, "reminder_digest")
    assert digest["Subject"] == "[privacybot] 1 påmindelse om frister (1 venter på vurdering)"
    body = plain(digest)
    assert "VENTER PÅ VURDERING" in body and f"- {waiting}  other  modtaget 2026-10-05\n" in body
    assert settled not in body


def _events(db: Database, reference: str):  # type: ignore[no-untyped-def]
    case_id = case(db, reference).id
    with db.transaction() as store:
        return store.events(case_id)


def test_a_case_sent_back_to_triage_by_a_new_right_is_in_the_digest_again(db):
    reference = receive_request(db, RECEIVED, *UNREAD_OPTOUT_PL)
    assert [r.kind for r in remind(db, RECEIVED + timedelta(minutes=30), OPTIONS, STAFF).reminders] == ["triage"]
    with db.transaction() as store:
        found = store.case_by_reference(reference)
        decisions.relabel(
            store, found, ["question"], "asks about offers", "alice", RECEIVED + timedelta(hours=1), OPTIONS
        )
    with db.transaction() as store:  # two days on, a follow-up adds a right (as handlers.case_intake.add_to_case does)
        found = store.case_by_reference(reference)
        found.labels, found.triage = "access,rectification,erasure,marketing_optout,complaint,question", True
    again = remind(db, RECEIVED + timedelta(days=2, minutes=30), OPTIONS, STAFF)  # a long reading still fits the key
    assert [(r.reference, r.kind) for r in again.reminders] == [(reference, "triage")]
