"""Lifting a stop the rules read where there was none, on SQLite and PostgreSQL.

Staff lift a stop only by naming it (`cases relabel REF LABELS --lift-stop KIND`); labels that merely leave a stop out
are refused. Even a named lift keeps the stop while another case asks for it: from the same address or, for a
marketing opt-out, about the same account or from one of its registered addresses. What we look at is what staff see
(`cases relabel`, `cases show`) and what the marketing list sees (`customers optouts`, the account's opt-out and
consent), plus which case an opt-out row belongs to.
"""

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlmodel import select

from bot.outgoing import MaildirTransport, deliver_due
from handlers import decisions
from handlers.identity import check_identities
from storage.account_queries import MARKETING, ImportRow, import_batch, record_optout
from storage.accounts import Customer, Optout
from storage.migrate import alembic_config
from storage.retention_queries import delete_cases
from storage.store import Database
from tests.service import privacybot_env, privacybot_in_process
from tests.staffing import ACCESS_EN, MAILBOX, OPTIONS, UNSUBSCRIBE_EN, case, receive_request

METTE = "mette.hansen@example.dk"
METTE_AT_WORK = "mette@work.example"
READER = "reader@example.org"  # on the newsletter list, no account
NOT_REGISTERED = "mette.private@example.org"
DOMAIN_MOVE = ("Afmeld mit domæne", "Hej, afmeld mit domæne cloudtest.dk fra jer. Mvh Mette")  # read as an opt-out
DNS_OUTAGE = ("DNS", "Stop! The DNS change broke our site")  # read as an opt-out too
COOKIES = ("Cookies", "Jeg trækker mit samtykke til statistik-cookies tilbage.")
COOKIES_AGAIN = ("Samtykke", "Jeg trækker mit samtykke til cookies tilbage, tak.")
BY_NUMBER = ("Nyhedsbrev", "Afmeld venligst jeres nyhedsbrev. Kundenr. 10442")  # matched by the number, not the address
LIFT_MARKETING = ("--lift-stop", "marketing_optout")


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict[str, str]:
    """The staff commands, run as alice against the test's database."""
    return privacybot_env(tmp_path / "home", database_url=database_url, mailbox=MAILBOX, staff_name="alice")


def import_mette(db: Database, clock, consent: bool) -> None:  # noqa: ANN001
    with db.transaction() as store:
        import_batch(store, [ImportRow("10442", "Mette Hansen", (METTE, METTE_AT_WORK), None)], clock())
        account_of(store).marketing_consent = consent


@pytest.fixture
def mette(db: Database, clock) -> None:  # noqa: ANN001
    """A customer with two registered addresses who once agreed to marketing."""
    import_mette(db, clock, consent=True)


def account_of(store) -> Customer:  # noqa: ANN001
    return store.session.exec(select(Customer).where(Customer.customer_number == "10442")).one()


def marketing_state(db: Database) -> tuple[bool, bool]:
    """(opted out, consents to marketing) as the marketing list reads the account."""
    with db.transaction() as store:
        customer = account_of(store)
        return customer.marketing_optout_at is not None, customer.marketing_consent


def owner(db: Database, address: str, kind: str = "marketing_optout") -> tuple[str | None, str | None] | None:
    """(reference of the case the address's stop belongs to, account it names), or None when there is no stop."""
    with db.transaction() as store:
        row = store.session.exec(select(Optout).where(Optout.kind == kind, Optout.address == address)).first()
        if row is None:
            return None
        found = store.case_by_id(row.case_id) if row.case_id is not None else None
        return (found.reference if found else None), row.customer_number


def arrive(db: Database, clock, tmp_path: Path, message: tuple[str, str], sender: str = METTE) -> str:  # noqa: ANN001
    """A message through the pipeline, its acknowledgement out and the account matched, as in production; the clock
    moves on a little after it."""
    reference = receive_request(db, clock(), *message, sender=sender)
    deliver_due(db, MaildirTransport(tmp_path / "sent"), clock)
    check_identities(db, OPTIONS, clock())
    clock.now += timedelta(minutes=10)
    return reference


def cli(env: dict[str, str], *args: str) -> str:
    result = privacybot_in_process(env, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def relabel(env: dict[str, str], reference: str, labels: str, *flags: str) -> str:
    return cli(env, "cases", "relabel", reference, labels, "--reason", "staff read it again", *flags)


def refused(env: dict[str, str], reference: str, labels: str, *flags: str) -> str:
    """The relabel fails and changes nothing; returns what it said."""
    result = privacybot_in_process(env, "cases", "relabel", reference, labels, "--reason", "settling it", *flags)
    assert result.returncode == 1 and "refused" in result.stderr, (result.stdout, result.stderr)
    return result.stderr


def listed(env: dict[str, str], kind: str = "marketing_optout") -> str:
    return cli(env, "customers", "optouts", "--kind", kind)


def trail_lines(env: dict[str, str], reference: str, kind: str) -> list[str]:
    return [line for line in cli(env, "cases", "show", reference).splitlines() if f" {kind} " in line]


def complete(env: dict[str, str], reference: str) -> None:
    cli(env, "cases", "complete", reference, "--outcome", "Done as asked.")


def retention_deletes(db: Database, reference: str) -> None:
    """What the retention job does to a case past its record period: the case goes, its opt-out stays, unlinked."""
    with db.transaction() as store:
        delete_cases(store, [store.case_by_reference(reference).id])


def test_relabel_help_names_the_flag_that_lifts_a_stop(tmp_path):
    said = " ".join(cli(privacybot_env(tmp_path), "cases", "relabel", "--help").split())
    assert "--lift-stop KIND" in said and "drop it without that are refused" in said
    assert "A closed case cannot be relabelled, so its stop cannot be lifted" in said
    assert "refused when a later message of this case asked for it too" in said


# -- lifting is explicit ------------------------------------------------------------------------------------------


def test_labels_that_leave_out_a_stop_the_case_applied_are_refused_and_say_which_flag_lifts_it(
    db, clock, tmp_path, env, mette
):
    reference = arrive(db, clock, tmp_path, DOMAIN_MOVE)

    said = refused(env, reference, "other")

    assert "--lift-stop marketing_optout" in said
    assert case(db, reference).labels == "marketing_optout"
    assert owner(db, METTE) == (reference, "10442") and marketing_state(db) == (True, False)
    assert not trail_lines(env, reference, "relabelled")


def test_a_stop_asked_for_in_a_follow_up_survives_staff_settling_the_triage_of_the_case(
    db, clock, tmp_path, env, mette
):
    reference = arrive(db, clock, tmp_path, ACCESS_EN)
    follow_up = (f"Re: [{reference}] {ACCESS_EN[0]}", "One more thing: please stop sending me your newsletter.")
    assert arrive(db, clock, tmp_path, follow_up) == reference
    assert case(db, reference).labels == "access,marketing_optout" and case(db, reference).triage

    assert "--lift-stop marketing_optout" in refused(env, reference, "access")
    assert case(db, reference).triage and METTE in listed(env) and marketing_state(db) == (True, False)

    said = relabel(env, reference, "access,marketing_optout")
    assert "lifted" not in said and "stays" not in said
    assert not case(db, reference).triage
    assert owner(db, METTE) == (reference, "10442") and marketing_state(db) == (True, False)


@pytest.mark.parametrize(
    "labels, flag, reason",
    [
        ("other", "consent_withdrawal", "did not apply consent_withdrawal"),
        ("marketing_optout", "marketing_optout", "is among the new labels"),
    ],
    ids=["not-applied", "still-labelled"],
)
def test_naming_a_stop_the_relabel_does_not_drop_is_refused(db, clock, tmp_path, env, mette, labels, flag, reason):
    reference = arrive(db, clock, tmp_path, DOMAIN_MOVE)

    assert reason in refused(env, reference, labels, "--lift-stop", flag, *LIFT_MARKETING)
    assert owner(db, METTE) == (reference, "10442") and marketing_state(db) == (True, False)


def test_the_command_line_accepts_only_the_two_stops_after_the_flag(tmp_path):
    result = privacybot_in_process(
        privacybot_env(tmp_path),
        "cases",
        "relabel",
        "PRV-2026-000001",
        "other",
        "--reason",
        "x",
        "--lift-stop",
        "access",
    )
    assert result.returncode == 2 and "invalid choice: 'access'" in result.stderr


# -- an explicit lift of a stop nobody else asks for --------------------------------------------------------------


def test_a_domain_cancellation_read_as_an_opt_out_is_lifted_and_the_account_gets_its_consent_back(
    db, clock, tmp_path, env, mette
):
    reference = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    assert case(db, reference).labels == "marketing_optout"
    assert METTE in listed(env) and marketing_state(db) == (True, False)

    said = relabel(env, reference, "other", *LIFT_MARKETING)

    assert "marketing_optout lifted (account restored to its state before this case)" in said
    assert listed(env).strip() == "No opt-outs."
    assert marketing_state(db) == (False, True)
    [event] = trail_lines(env, reference, "marketing_optout_lifted")
    assert "alice" in event and "account_restored=True" in event and "customer_number=10442" in event


def test_a_customer_who_never_consented_is_not_opted_in_when_a_wrong_opt_out_is_lifted(db, clock, tmp_path, env):
    import_mette(db, clock, consent=False)
    reference = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    assert marketing_state(db) == (True, False)

    said = relabel(env, reference, "other", *LIFT_MARKETING)

    assert "account restored to its state before this case" in said
    assert marketing_state(db) == (False, False)


def test_relabelling_back_to_the_opt_out_applies_it_again_and_a_second_lift_restores_again(
    db, clock, tmp_path, env, mette
):
    reference = arrive(db, clock, tmp_path, DNS_OUTAGE)
    relabel(env, reference, "other", *LIFT_MARKETING)
    clock.now += timedelta(hours=1)

    said = relabel(env, reference, "marketing_optout")
    assert "lifted" not in said
    assert METTE in listed(env) and marketing_state(db) == (True, False)

    relabel(env, reference, "other", *LIFT_MARKETING)
    assert listed(env).strip() == "No opt-outs." and marketing_state(db) == (False, True)
    assert len(trail_lines(env, reference, "marketing_optout_lifted")) == 2


def test_a_follow_up_in_the_same_case_that_asks_for_the_stop_again_makes_it_genuine_and_the_lift_is_refused(
    db, clock, tmp_path, env, mette
):
    """The follow-up adds nothing to the labels (the stop is already there), so only the trail says it asked: the
    lift is refused whatever staff make of the first message, and the refusal says what to do instead."""
    reference = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    follow_up = (f"Re: [{reference}] {DOMAIN_MOVE[0]}", "And yes, please also stop sending me your newsletter.")
    assert arrive(db, clock, tmp_path, follow_up) == reference
    assert case(db, reference).labels == "marketing_optout"

    said = refused(env, reference, "other", *LIFT_MARKETING)

    assert "a later message of this case (received " in said and "asked for marketing_optout too" in said
    assert "keep marketing_optout among the labels and relabel without --lift-stop marketing_optout" in said
    assert case(db, reference).labels == "marketing_optout" and not trail_lines(env, reference, "relabelled")
    assert owner(db, METTE) == (reference, "10442") and marketing_state(db) == (True, False)

    cli(env, "cases", "note", reference, "first message misread; the follow-up asked for the opt-out")
    assert trail_lines(env, reference, "note") and marketing_state(db) == (True, False)


def test_a_follow_up_that_asks_for_something_else_does_not_keep_a_wrong_stop(db, clock, tmp_path, env, mette):
    reference = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    follow_up = (f"Re: [{reference}] The new domain", "Here is my new domain: cloudtest.dk, thanks.")
    assert arrive(db, clock, tmp_path, follow_up) == reference
    assert trail_lines(env, reference, "message_in")

    said = relabel(env, reference, "other", *LIFT_MARKETING)

    assert "marketing_optout lifted (account restored" in said and marketing_state(db) == (False, True)


def test_a_closed_case_cannot_be_relabelled_so_its_stop_stays_and_the_refusal_says_so(db, clock, tmp_path, env, mette):
    reference = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    complete(env, reference)

    for flags in ((), LIFT_MARKETING):
        said = refused(env, reference, "other", *flags)
        assert "a closed case cannot be relabelled, so the marketing_optout it applied cannot be lifted" in said
        assert "stays in force" in said and "privacybot cases note" in said
    assert owner(db, METTE) == (reference, "10442") and marketing_state(db) == (True, False)


def test_a_wrong_opt_out_of_an_account_already_opted_out_before_it_leaves_the_account_out(db, clock, tmp_path, env):
    """The company opted the account out itself (no opt-out row says so): the wrong case changed nothing on the
    account, so lifting it changes nothing there either."""
    import_mette(db, clock, consent=False)
    with db.transaction() as store:
        account_of(store).marketing_optout_at = clock() - timedelta(days=30)
    reference = arrive(db, clock, tmp_path, DOMAIN_MOVE)

    said = relabel(env, reference, "other", *LIFT_MARKETING)

    assert "marketing_optout lifted (account left as it was: this case did not change it)" in said
    assert listed(env).strip() == "No opt-outs." and marketing_state(db) == (True, False)


def test_a_consent_withdrawal_read_wrongly_is_lifted_from_the_address_and_the_account_is_not_touched(
    db, clock, tmp_path, env, mette
):
    reference = arrive(db, clock, tmp_path, COOKIES)
    assert case(db, reference).labels == "consent_withdrawal"
    assert METTE in listed(env, "consent_withdrawal") and marketing_state(db) == (False, True)

    said = relabel(env, reference, "other", "--lift-stop", "consent_withdrawal")

    assert "consent_withdrawal lifted (no account involved)" in said
    assert listed(env, "consent_withdrawal").strip() == "No opt-outs."
    assert marketing_state(db) == (False, True)
    assert trail_lines(env, reference, "consent_withdrawal_lifted")


# -- a stop another case asks for stays, whichever case came first ------------------------------------------------


def test_a_genuine_opt_out_after_a_wrong_one_from_the_same_address_survives_the_lift_and_takes_over_the_row(
    db, clock, tmp_path, env, mette
):
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    genuine = arrive(db, clock, tmp_path, UNSUBSCRIBE_EN)
    assert case(db, genuine).labels == "marketing_optout" and owner(db, METTE) == (wrong, "10442")

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert f"marketing_optout stays in force (case {genuine}, from the same address, asks for it too)" in said
    assert owner(db, METTE) == (genuine, "10442") and marketing_state(db) == (True, False)
    [event] = trail_lines(env, wrong, "marketing_optout_kept")
    assert f"kept_for={genuine}" in event and "rows_handed_over=1" in event
    assert not trail_lines(env, wrong, "marketing_optout_lifted")

    # should the second one prove wrong too, nothing asks any more: the account gets back its consent from before both
    said = relabel(env, genuine, "other", *LIFT_MARKETING)
    assert "account restored" in said and listed(env).strip() == "No opt-outs." and marketing_state(db) == (False, True)


def test_a_newsletter_reader_without_an_account_keeps_a_genuine_opt_out_sent_after_a_wrong_one(
    db, clock, tmp_path, env
):
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE, sender=READER)
    genuine = arrive(db, clock, tmp_path, UNSUBSCRIBE_EN, sender=READER)

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert "stays in force" in said and "lifted" not in said
    assert owner(db, READER) == (genuine, None)


@pytest.mark.parametrize(
    "sender, recorded",
    [("Mette@Blåbær.dk", "mette@xn--blbr-roah.dk"), ("SØREN@example.dk", "søren@example.dk")],
    ids=["idn-domain", "non-ascii-capitals"],
)
def test_a_genuine_opt_out_after_a_wrong_one_is_found_whatever_the_form_of_the_same_address(
    db, clock, tmp_path, env, sender, recorded
):
    """SQL's lower() knows neither IDNA nor (on SQLite) capitals beyond ASCII: the addresses are compared in the
    form the stop was recorded in."""
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE, sender=sender)
    genuine = arrive(db, clock, tmp_path, UNSUBSCRIBE_EN, sender=sender)
    assert owner(db, recorded) == (wrong, None)

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert f"marketing_optout stays in force (case {genuine}, from the same address, asks for it too)" in said
    assert owner(db, recorded) == (genuine, None)


def test_a_genuine_opt_out_from_a_registered_address_with_an_idn_domain_keeps_the_stop_of_the_account(
    db, clock, tmp_path, env
):
    """The account lists the address as the import stores it (IDNA); the genuine case, from before the import, names
    no account and wrote from the address as people type it."""
    genuine = arrive(db, clock, tmp_path, UNSUBSCRIBE_EN, sender="Mette@Blåbær.dk")
    with db.transaction() as store:
        import_batch(store, [ImportRow("10442", "Mette Hansen", (METTE, "mette@xn--blbr-roah.dk"), None)], clock())
        account_of(store).marketing_consent = True
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    assert case(db, genuine).customer_number is None and marketing_state(db) == (True, False)

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert f"case {genuine}, from an address registered on the account, asks for it too" in said
    assert owner(db, METTE) == (genuine, "10442") and marketing_state(db) == (True, False)


def test_a_genuine_opt_out_whose_case_is_completed_still_keeps_the_stop_when_the_wrong_one_is_lifted(
    db, clock, tmp_path, env, mette
):
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    genuine = arrive(db, clock, tmp_path, UNSUBSCRIBE_EN)
    complete(env, genuine)
    assert case(db, genuine).status == "completed"

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert f"marketing_optout stays in force (case {genuine}, from the same address, asks for it too)" in said
    assert owner(db, METTE) == (genuine, "10442") and marketing_state(db) == (True, False)


def test_a_second_consent_withdrawal_from_the_same_address_survives_the_lift_of_the_first(
    db, clock, tmp_path, env, mette
):
    wrong = arrive(db, clock, tmp_path, COOKIES)
    genuine = arrive(db, clock, tmp_path, COOKIES_AGAIN)
    assert "consent_withdrawal" in case(db, genuine).labels

    said = relabel(env, wrong, "other", "--lift-stop", "consent_withdrawal")

    assert f"consent_withdrawal stays in force (case {genuine}, from the same address" in said
    assert owner(db, METTE, "consent_withdrawal") == (genuine, "10442")


def test_a_genuine_opt_out_matched_by_customer_number_keeps_the_account_out_when_its_address_row_is_older(
    db, clock, tmp_path, env, mette
):
    """The genuine case writes from an address off the account whose row an earlier case wrote without knowing the
    account, so nothing in the opt-out table ties the genuine case to the account: only the case itself does."""
    earlier = arrive(db, clock, tmp_path, UNSUBSCRIBE_EN, sender=NOT_REGISTERED)
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    genuine = arrive(db, clock, tmp_path, BY_NUMBER, sender=NOT_REGISTERED)
    assert case(db, genuine).customer_number == "10442" and owner(db, NOT_REGISTERED) == (earlier, None)

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert f"stays in force (case {genuine}, about the same account, asks for it too)" in said
    assert marketing_state(db) == (True, False)
    assert owner(db, METTE) == (genuine, "10442") and owner(db, NOT_REGISTERED) == (earlier, None)


def test_a_wrong_opt_out_cannot_lift_the_opt_out_an_earlier_genuine_case_recorded_for_the_same_address(
    db, clock, tmp_path, env, mette
):
    genuine = arrive(db, clock, tmp_path, UNSUBSCRIBE_EN)
    wrong = arrive(db, clock, tmp_path, DNS_OUTAGE)
    assert case(db, wrong).labels == "marketing_optout"

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert f"case {genuine}, from the same address, asks for it too" in said and "lifted" not in said
    assert owner(db, METTE) == (genuine, "10442") and marketing_state(db) == (True, False)
    assert trail_lines(env, wrong, "marketing_optout_kept") and not trail_lines(env, genuine, "marketing_optout_lifted")


def test_a_wrong_opt_out_from_another_registered_address_stays_for_the_genuine_case_of_the_account(
    db, clock, tmp_path, env, mette
):
    genuine = arrive(db, clock, tmp_path, UNSUBSCRIBE_EN)
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE, sender=METTE_AT_WORK)

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert f"case {genuine}, about the same account, asks for it too" in said
    assert owner(db, METTE_AT_WORK) == (genuine, "10442") and marketing_state(db) == (True, False)


def test_a_genuine_opt_out_from_an_address_registered_only_later_keeps_the_stop_of_the_account(
    db, clock, tmp_path, env
):
    """The genuine case came before the account was imported, so it names no account: its address does."""
    genuine = arrive(db, clock, tmp_path, UNSUBSCRIBE_EN, sender=METTE_AT_WORK)
    import_mette(db, clock, consent=True)
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    assert case(db, genuine).customer_number is None and marketing_state(db) == (True, False)

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert f"case {genuine}, from an address registered on the account, asks for it too" in said
    assert owner(db, METTE) == (genuine, "10442") and marketing_state(db) == (True, False)


# -- a lift and a new opt-out of the same account at the same time take turns --------------------------------------


class HeldOpen:
    """A transaction in a thread of its own: it does `work`, then stays open until `commit()`."""

    def __init__(self, db: Database, work: Callable[..., object]) -> None:
        self.worked, self.release = threading.Event(), threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(db, work))
        self.thread.start()

    def _run(self, db: Database, work: Callable[..., object]) -> None:
        try:
            with db.transaction() as store:
                work(store)
                self.worked.set()
                self.release.wait(20)
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            self.error = exc
            self.worked.set()

    def commit(self) -> None:
        self.release.set()
        self.thread.join(20)
        assert self.error is None and not self.thread.is_alive()


@pytest.mark.parametrize("first", ["opt-out", "lift"])
def test_an_opt_out_of_the_account_recorded_while_a_wrong_one_is_lifted_keeps_the_account_out(
    db, clock, tmp_path, mette, first
):
    """Whichever of the two transactions starts first, the account ends opted out with the new opt-out in force;
    on PostgreSQL it is the lock on the account that makes the second wait (SQLite's writer lock serialises them)."""
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE)

    def opt_out(store) -> None:  # noqa: ANN001
        record_optout(store, MARKETING, NOT_REGISTERED, "10442", None, clock())

    def lift(store) -> None:  # noqa: ANN001
        found = store.case_by_reference(wrong)
        decisions.relabel(store, found, ["other"], "misread", "alice", clock(), OPTIONS, ["marketing_optout"])

    one, two = (opt_out, lift) if first == "opt-out" else (lift, opt_out)
    earlier = HeldOpen(db, one)
    assert earlier.worked.wait(20)
    later = HeldOpen(db, two)
    later.worked.wait(1)  # with the lock it waits for the earlier transaction; without, it would be done by now
    earlier.commit()
    later.commit()

    assert owner(db, NOT_REGISTERED) == (None, "10442") and owner(db, METTE) is None
    assert marketing_state(db) == (True, False)


def test_a_stop_a_case_of_the_same_address_asks_for_while_a_wrong_one_is_lifted_stays_in_force(db, clock, tmp_path):
    """No account to lock here: the address's row is what the two transactions meet on. The new stop locks it, so the
    lift waits, then sees the other case asking and hands the row over instead of deleting it."""
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE, sender=READER)
    other = arrive(db, clock, tmp_path, ("Invoices", "How long do you keep my invoices?"), sender=READER)
    assert "marketing_optout" not in case(db, other).labels

    def follow_up_asks_to_stop(store) -> None:  # noqa: ANN001 - what a follow-up asking for the stop does to its case
        found = store.case_by_reference(other)
        found.labels = f"{found.labels},marketing_optout"
        record_optout(store, MARKETING, READER, None, found.id, clock())

    def lift(store) -> None:  # noqa: ANN001
        found = store.case_by_reference(wrong)
        decisions.relabel(store, found, ["other"], "misread", "alice", clock(), OPTIONS, ["marketing_optout"])

    earlier = HeldOpen(db, follow_up_asks_to_stop)
    assert earlier.worked.wait(20)
    later = HeldOpen(db, lift)
    later.worked.wait(1)
    earlier.commit()
    later.commit()

    assert owner(db, READER) == (other, None)


def test_a_case_of_the_same_address_and_account_asking_for_the_stop_while_a_wrong_one_is_lifted_keeps_it(
    db, clock, tmp_path, mette
):
    """The new stop locks the account first and the address's row after, as record_optout does; the lift must take
    them in the same order (the account up front), or, caught between the two, each waits for the other
    (PostgreSQL ends one of them as a deadlock). Here the lift starts between the two steps."""
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    other = arrive(db, clock, tmp_path, ("Invoices", "How long do you keep my invoices?"))
    assert case(db, other).customer_number == "10442" and "marketing_optout" not in case(db, other).labels
    account_locked, go_on = threading.Event(), threading.Event()

    def follow_up_asks_to_stop(store) -> None:  # noqa: ANN001
        found = store.case_by_reference(other)
        found.labels = f"{found.labels},marketing_optout"
        store.session.exec(select(Customer).where(Customer.customer_number == "10442").with_for_update()).one()
        account_locked.set()
        go_on.wait(20)
        record_optout(store, MARKETING, METTE, "10442", found.id, clock())

    def lift(store) -> None:  # noqa: ANN001
        found = store.case_by_reference(wrong)
        decisions.relabel(store, found, ["other"], "misread", "alice", clock(), OPTIONS, ["marketing_optout"])

    earlier = HeldOpen(db, follow_up_asks_to_stop)
    assert account_locked.wait(20)
    later = HeldOpen(db, lift)
    later.worked.wait(1)  # with the lock up front the lift waits for the account; without, it takes the row now
    go_on.set()
    earlier.commit()
    later.commit()

    assert owner(db, METTE) == (other, "10442") and marketing_state(db) == (True, False)


# -- once the other case is gone (retention), its unlinked row still keeps the account out ------------------------


OTHER_OPT_OUTS = pytest.mark.parametrize(
    "sender, message",
    [(METTE_AT_WORK, UNSUBSCRIBE_EN), (NOT_REGISTERED, BY_NUMBER)],
    ids=["registered-address", "customer-number-in-text"],
)


@OTHER_OPT_OUTS
def test_after_the_genuine_case_is_deleted_its_opt_out_still_keeps_the_account_out_when_the_wrong_one_is_lifted(
    db, clock, tmp_path, env, mette, sender, message
):
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    genuine = arrive(db, clock, tmp_path, message, sender=sender)
    retention_deletes(db, genuine)

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert "marketing_optout lifted (account left opted out: another opt-out of it stays in force)" in said
    assert sender in listed(env) and METTE not in listed(env)
    assert marketing_state(db) == (True, False)
    [event] = trail_lines(env, wrong, "marketing_optout_lifted")
    assert "account_restored=False" in event


def as_before_the_lift_columns(db: Database) -> None:
    """Take the schema back to 0010 and forward again: the rows lose what their case did to the account, and, as
    the code of that time wrote them, they name no account until the upgrade looks it up on their case."""
    db.engine.dispose()
    command.downgrade(alembic_config(db.engine), "0010_triage_reminder")
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE optout SET customer_number = NULL"))
    db.upgrade()


def test_the_upgrade_names_the_account_on_old_rows_whose_case_still_knows_it(db, clock, tmp_path, env, mette):
    known = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    arrive(db, clock, tmp_path, UNSUBSCRIBE_EN, sender=READER)
    deleted = arrive(db, clock, tmp_path, UNSUBSCRIBE_EN, sender=METTE_AT_WORK)
    with db.engine.begin() as connection:  # as rows of that time: no account on the row itself
        connection.execute(text("UPDATE optout SET customer_number = NULL"))
    retention_deletes(db, deleted)
    db.engine.dispose()
    command.downgrade(alembic_config(db.engine), "0010_triage_reminder")

    db.upgrade()

    assert owner(db, METTE) == (known, "10442")
    assert owner(db, READER)[1] is None and owner(db, METTE_AT_WORK) == (None, None)


def test_an_opt_out_recorded_before_the_upgrade_is_lifted_but_the_consent_stays_off(db, clock, tmp_path, env, mette):
    reference = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    as_before_the_lift_columns(db)

    said = relabel(env, reference, "other", *LIFT_MARKETING)

    assert "opt-out date cleared; its marketing consent left off" in said
    assert listed(env).strip() == "No opt-outs."
    assert marketing_state(db) == (False, False)


@OTHER_OPT_OUTS
def test_a_remaining_opt_out_of_the_account_keeps_it_out_when_a_wrong_one_from_before_the_upgrade_is_lifted(
    db, clock, tmp_path, env, mette, sender, message
):
    wrong = arrive(db, clock, tmp_path, DOMAIN_MOVE)
    genuine = arrive(db, clock, tmp_path, message, sender=sender)
    as_before_the_lift_columns(db)
    retention_deletes(db, genuine)

    said = relabel(env, wrong, "other", *LIFT_MARKETING)

    assert "account left opted out" in said
    assert sender in listed(env) and marketing_state(db) == (True, False)
