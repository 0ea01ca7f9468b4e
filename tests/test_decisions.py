"""Staff decisions over real mail, on SQLite and PostgreSQL: each changes the case, lands in the audit trail under the
staff member's name and, when it concerns the requester, queues the notice in their language, threaded to the case.
Refusals change nothing and send nothing."""

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from jinja2 import UndefinedError

from bot.outgoing import MaildirTransport, deliver_due
from handlers import decisions
from handlers.case_states import Refused
from handlers.identity import check_identities
from storage.account_queries import ImportRow, import_batch, optouts
from tests.staffing import ACCESS_EN, ERASURE_DA, OPTIONS, case, mails, outbox, plain, receive_request


def decide(db, reference, action, *args, **kwargs):  # noqa: ANN001, ANN201
    with db.transaction() as store:
        return action(store, store.case_by_reference(reference), *args, **kwargs)


def trail(db, reference):  # noqa: ANN001, ANN201
    case_id = case(db, reference).id
    with db.transaction() as store:
        return [(e.actor, e.kind, json.loads(e.detail)) for e in store.events(case_id)]


def html_body(message) -> str:  # noqa: ANN001
    return message.get_body(preferencelist=("html",)).get_content()


def test_verified_erasure_completed_with_what_was_kept_sends_a_threaded_danish_notice_with_the_rights(db, clock):
    reference = receive_request(db, clock(), *ERASURE_DA)
    assert not case(db, reference).verified
    later = clock() + timedelta(days=2)

    decide(db, reference, decisions.verify, "ringede til telefonnummeret på kontoen", "alice", later)
    decide(db, reference, decisions.assign, "bob", "alice", later)
    outcome = "Konto og supporthistorik er slettet. Fakturaer gemmes i 5 år efter bogføringsloven."
    done = decide(db, reference, decisions.complete, {"erasure": outcome}, "bob", later, OPTIONS, partial=True)

    assert (done.status, done.notice) == ("completed", "completed")
    closed = case(db, reference)
    assert closed.verified and closed.assignee == "bob" and closed.closed_at == later
    assert json.loads(closed.outcome) == {"erasure": outcome}
    kinds = [(actor, kind) for actor, kind, _ in trail(db, reference)]
    assert ("alice", "verified") in kinds and ("alice", "assigned") in kinds and ("bob", "completed") in kinds

    [confirmation] = mails(db, "confirmation")
    [notice] = mails(db, "completed")
    assert notice["To"] == "mette.hansen@example.dk"
    assert notice["Subject"] == f"[{reference}] Din sag er afsluttet"
    assert notice["In-Reply-To"] == confirmation["In-Reply-To"]  # the requester's own message
    assert confirmation["Message-ID"] in notice["References"]
    body = plain(notice)
    assert "Sletning af dine oplysninger:\n" + outcome in body
    assert "Vi har ikke gjort alt, hvad du bad om" in body
    assert "Datatilsynet, Carl Jacobsens Vej 35, 2500 Valby" in body and "domstolene" in body
    assert "Carl Jacobsens Vej 35" in html_body(notice)


def test_completing_an_unverified_erasure_is_refused_and_sends_nothing(db, clock):
    reference = receive_request(db, clock(), *ERASURE_DA)
    before = case(db, reference).status
    with pytest.raises(Refused, match="not verified"):
        decide(db, reference, decisions.complete, {"erasure": "Slettet."}, "bob", clock(), OPTIONS)
    assert case(db, reference).status == before
    assert mails(db, "completed") == []


def test_complete_needs_an_outcome_for_every_right_of_the_case(db, clock):
    reference = receive_request(
        db, clock(), "Afmelding og sletning", "Afmeld mig jeres nyhedsbrev, og slet så min konto og mine data."
    )
    assert set(case(db, reference).labels.split(",")) >= {"marketing_optout", "erasure"}
    decide(db, reference, decisions.verify, "kode bekræftet pr. telefon", "alice", clock())
    with pytest.raises(Refused, match="missing: .*erasure|missing: .*marketing_optout"):
        decide(db, reference, decisions.complete, {"marketing_optout": "Afmeldt."}, "bob", clock(), OPTIONS)
    with pytest.raises(Refused, match="the case has no access"):
        decide(db, reference, decisions.complete, {"access": "Sendt."}, "bob", clock(), OPTIONS)
    assert case(db, reference).status == "open"


def test_extension_before_the_nominal_date_is_told_to_the_requester_with_reason_and_new_deadline(db, clock):
    reference = receive_request(db, clock(), *ACCESS_EN, sender="John Carter <john@example.com>")
    reason = "Your data sits in four systems, two of them archived."
    done = decide(db, reference, decisions.extend, reason, "alice", clock() + timedelta(days=3), OPTIONS)

    extended = case(db, reference)
    assert extended.extended_deadline.isoformat() == "2027-02-24" and extended.extension_reason == reason
    assert done.notice == "extension"
    [notice] = mails(db, "extension")
    assert notice["To"] == "john@example.com"
    assert notice["Subject"] == f"[{reference}] We need more time for your request"
    body = plain(notice)
    assert reason in body and "24 February 2027 (2027-02-24)" in body and "2026-12-24" in body

    with pytest.raises(Refused, match="allows one extension only"):
        decide(db, reference, decisions.extend, "Again.", "alice", clock() + timedelta(days=4), OPTIONS)
    assert len(mails(db, "extension")) == 1


def test_extension_after_the_nominal_one_month_date_is_refused(db, clock):
    reference = receive_request(db, clock(), *ERASURE_DA)  # received 24 Nov 2026: nominal date 24 Dec 2026
    christmas_day = datetime(2026, 12, 25, 9, 0, tzinfo=UTC)
    with pytest.raises(Refused, match="too late to extend.*2026-12-24"):
        decide(db, reference, decisions.extend, "Complex.", "alice", christmas_day, OPTIONS)
    assert case(db, reference).extended_deadline is None
    assert mails(db, "extension") == []
    assert "extended" not in [kind for _, kind, _ in trail(db, reference)]


def test_extension_on_the_shifted_deadline_day_is_too_late_when_the_nominal_date_was_a_sunday(db):
    received = datetime(2027, 1, 30, 10, 0, tzinfo=UTC)  # Saturday: nominal Sun 28 Feb, deadline Mon 1 Mar
    reference = receive_request(db, received, *ERASURE_DA)
    assert case(db, reference).deadline.isoformat() == "2027-03-01"
    with pytest.raises(Refused, match="2027-02-28"):
        decide(db, reference, decisions.extend, "Complex.", "alice", datetime(2027, 3, 1, 9, 0, tzinfo=UTC), OPTIONS)
    decide(db, reference, decisions.extend, "Complex.", "alice", datetime(2027, 2, 26, 9, 0, tzinfo=UTC), OPTIONS)
    # The earlier reading (LEGAL.md §3): 28 Feb + 2 months = 28 Apr, before 30 Jan + 3 months = 30 Apr.
    assert case(db, reference).extended_deadline.isoformat() == "2027-04-28"


def test_rejection_notice_carries_the_reasons_datatilsynet_and_the_courts(db, clock):
    reference = receive_request(db, clock(), *ERASURE_DA)
    reason = "Du har sendt den samme anmodning 14 gange den seneste måned, og vi har besvaret den hver gang."
    done = decide(db, reference, decisions.reject, "excessive", reason, "alice", clock(), OPTIONS)

    assert (done.status, done.notice) == ("rejected", "rejected")
    rejected = case(db, reference)
    assert rejected.closed_at == clock() and json.loads(rejected.outcome) == {"ground": "excessive", "reason": reason}
    [notice] = mails(db, "rejected")
    body = plain(notice)
    assert reason in body and "overdreven" in body
    for required in ("Datatilsynet", "Carl Jacobsens Vej 35, 2500 Valby", "dt@datatilsynet.dk", "domstolene"):
        assert required in body and required in html_body(notice)


def test_english_rejection_notice_names_the_danish_authority_and_the_courts(db, clock):
    reference = receive_request(db, clock(), *ACCESS_EN, sender="john@example.com")
    decide(db, reference, decisions.reject, "manifestly_unfounded", "We hold no data.", "alice", clock(), OPTIONS)
    body = plain(mails(db, "rejected")[0])
    assert "manifestly unfounded" in body and "We hold no data." in body
    assert "Danish Data Protection Agency" in body and "Carl Jacobsens Vej 35" in body and "courts" in body


def test_unverified_ground_closes_the_case_as_closed_unverified_with_the_art_12_4_text(db, clock):
    reference = receive_request(db, clock(), *ERASURE_DA)
    reason = "Vi sendte en kode til den registrerede adresse den 24. november og har ikke fået den tilbage."
    done = decide(db, reference, decisions.reject, "unverified", reason, "alice", clock(), OPTIONS)
    assert (done.status, done.notice) == ("closed_unverified", "closed_unverified")
    body = plain(mails(db, "closed_unverified")[0])
    assert reason in body and "Datatilsynet" in body and "domstolene" in body


def test_withdrawn_case_is_closed_confirmed_and_takes_no_further_decisions(db, clock):
    reference = receive_request(db, clock(), *ERASURE_DA)
    decide(db, reference, decisions.withdraw, "", "alice", clock(), OPTIONS)
    assert case(db, reference).status == "withdrawn"
    assert mails(db, "withdrawn")[0]["Subject"] == f"[{reference}] Din sag er lukket"
    with pytest.raises(Refused, match="the case is withdrawn; a closed case takes no further decisions"):
        decide(db, reference, decisions.reject, "other", "x", "alice", clock(), OPTIONS)
    decide(db, reference, decisions.note, "Kunden ringede og bekræftede.", "alice", clock())  # notes still allowed


def test_a_note_stays_internal_and_a_reply_is_threaded_to_the_case(db, clock):
    reference = receive_request(db, clock(), *ERASURE_DA)
    decide(db, reference, decisions.note, "Kunden har også ringet.", "alice", clock())
    assert ("alice", "note", {"text": "Kunden har også ringet."}) in trail(db, reference)
    assert [m.kind for m in outbox(db)] == ["confirmation"]  # the note sent nothing

    text = "Hvilket kundenummer har du?\nDet står på fakturaen."
    decide(db, reference, decisions.reply, text, "alice", clock(), OPTIONS)
    [confirmation] = mails(db, "confirmation")
    [reply] = mails(db, "reply")
    assert reply["To"] == "mette.hansen@example.dk"
    assert reply["Subject"] == f"[{reference}] Svar på din henvendelse: Slet min konto"
    assert reply["In-Reply-To"] == confirmation["In-Reply-To"]
    assert text in plain(reply)
    assert ("alice", "message_out") in [(actor, kind) for actor, kind, _ in trail(db, reference)]


def test_a_reply_needs_text_and_an_existing_template(db, clock):
    reference = receive_request(db, clock(), *ERASURE_DA)
    with pytest.raises(Refused, match="the reply text is required"):
        decide(db, reference, decisions.reply, "  ", "alice", clock(), OPTIONS)
    with pytest.raises(Refused, match="no template 'nonexistent'"):
        decide(db, reference, decisions.reply, "Hej", "alice", clock(), OPTIONS, template="nonexistent")
    assert mails(db, "reply") == []


def test_a_decision_whose_notice_cannot_be_rendered_is_not_recorded(db, clock, tmp_path):
    reference = receive_request(db, clock(), *ERASURE_DA)
    (tmp_path / "da").mkdir()
    (tmp_path / "da" / "rejected.subject.txt").write_text("{{ no_such_value }}")
    broken = replace(OPTIONS, templates_dir=tmp_path)
    before = case(db, reference).status
    with pytest.raises(UndefinedError):
        decide(db, reference, decisions.reject, "excessive", "Gentaget.", "alice", clock(), broken)
    assert case(db, reference).status == before and case(db, reference).closed_at is None
    assert "rejected" not in [kind for _, kind, _ in trail(db, reference)]


def test_staff_relabel_a_question_as_erasure_the_triage_ends_and_the_identity_check_starts(db, clock, tmp_path):
    """A question the bot read (perhaps flagged for triage) that staff find is an erasure request: from then on it is
    one, with its clock, and the code goes to the account's registered address, never to the writer."""
    with db.transaction() as store:
        import_batch(store, [ImportRow("10442", "Mette Hansen", ("mette.hansen@example.dk",), None)], clock())
    question = ("Jeres opbevaring", "Hvor længe gemmer I egentlig fakturaer? Jeg er ikke kunde mere. Kundenr. 10442")
    reference = receive_request(db, clock(), *question, sender="Mette <mette@other.example>")
    deliver_due(db, MaildirTransport(tmp_path), clock)  # the acknowledgement leaves before accounts are looked at
    check_identities(db, OPTIONS, clock())
    assert (case(db, reference).status, case(db, reference).labels) == ("open", "question")

    why = "she wants out: see the second line"
    done = decide(db, reference, decisions.relabel, ["erasure"], why, "alice", clock(), OPTIONS)

    relabelled = case(db, reference)
    assert done.status == "awaiting_verification" and relabelled.labels == "erasure" and not relabelled.triage
    assert relabelled.deadline.isoformat() == "2026-12-24" and "Art. 12(3)" in relabelled.deadline_rule
    [(actor, kind, detail)] = [event for event in trail(db, reference) if event[1] == "relabelled"]
    assert actor == "alice" and detail["labels"] == "question -> erasure" and detail["reason"].startswith("she")
    assert detail["status"] == "open -> awaiting_verification"
    [code] = mails(db, "verification_code")
    assert code["To"] == "mette.hansen@example.dk"
    [asked] = mails(db, "verification_reminder")  # the writer is told, in the same words with or without an account
    assert asked["To"] == "mette@other.example" and done.notice == "verification_reminder"

    decide(
        db,
        reference,
        decisions.relabel,
        ["marketing_optout"],
        "on second reading: only no offers",
        "bob",
        clock(),
        OPTIONS,
    )
    assert case(db, reference).status == "open"  # no identity check left to wait for


def test_a_case_in_hand_relabelled_to_a_right_that_needs_the_check_returns_to_its_assignee_once_verified(
    db, clock, tmp_path
):
    question = ("Jeres opbevaring", "Hvor længe gemmer I egentlig fakturaer? Jeg er ikke kunde mere.")
    reference = receive_request(db, clock(), *question)
    deliver_due(db, MaildirTransport(tmp_path), clock)
    check_identities(db, OPTIONS, clock())
    decide(db, reference, decisions.assign, "alice", "alice", clock())
    assert case(db, reference).status == "in_progress"
    decide(db, reference, decisions.relabel, ["erasure"], "she wants out", "alice", clock(), OPTIONS)
    assert case(db, reference).status == "awaiting_verification"
    decide(db, reference, decisions.verify, "called the number on the account", "alice", clock())
    assert case(db, reference).status == "in_progress" and case(db, reference).assignee == "alice"


def test_an_extension_lapses_when_staff_find_no_right_left_to_extend(db, clock):
    reference = receive_request(db, clock(), *ACCESS_EN)
    decide(db, reference, decisions.extend, "Four systems.", "alice", clock(), OPTIONS)
    assert case(db, reference).extended_deadline is not None
    decide(db, reference, decisions.relabel, ["question"], "he only asked how we do it", "alice", clock(), OPTIONS)
    settled = case(db, reference)
    assert settled.extended_deadline is None and "internal SLA" in settled.deadline_rule
    [(_, _, detail)] = [event for event in trail(db, reference) if event[1] == "relabelled"]
    assert detail["extension_lapsed"] and detail["deadline"].startswith("2027-02-24 -> ")


def test_staff_relabel_to_an_opt_out_takes_effect_at_once_and_a_triaged_other_gets_its_own_clock(db, clock):
    reference = receive_request(db, clock(), "Webserver", "Guten Tag, können Sie mir beim Webserver helfen?")
    flagged = case(db, reference)
    assert flagged.labels == "other" and flagged.triage and flagged.deadline.isoformat() == "2026-12-24"
    decide(db, reference, decisions.relabel, ["other"], "support question", "alice", clock(), OPTIONS)
    settled = case(db, reference)
    assert not settled.triage and settled.deadline < flagged.deadline and "internal SLA" in settled.deadline_rule

    why = "he wrote again: no offers"
    decide(db, reference, decisions.relabel, ["marketing_optout"], why, "alice", clock(), OPTIONS)
    with db.transaction() as store:
        assert [o.address for o in optouts(store, "marketing_optout")] == ["mette.hansen@example.dk"]
    assert "marketing_optout_applied" in [kind for _, kind, _ in trail(db, reference)]


@pytest.mark.parametrize(
    "labels, message",
    [
        (["erasure", "other"], "`other` stands alone"),
        (["delete"], "unknown label delete"),
        ([], "unknown label (none given)"),
    ],
)
def test_relabel_refuses_labels_outside_the_taxonomy_and_closed_cases(db, clock, labels, message):
    reference = receive_request(db, clock(), *ACCESS_EN)
    with pytest.raises(Refused, match=re.escape(message)):
        decide(db, reference, decisions.relabel, labels, "because", "alice", clock(), OPTIONS)
    with pytest.raises(Refused, match="already access and not in triage: nothing to change"):
        decide(db, reference, decisions.relabel, ["ACCESS"], "because", "alice", clock(), OPTIONS)
    decide(db, reference, decisions.withdraw, "", "alice", clock(), OPTIONS)
    with pytest.raises(Refused, match="the case is withdrawn"):
        decide(db, reference, decisions.relabel, ["erasure"], "because", "alice", clock(), OPTIONS)
