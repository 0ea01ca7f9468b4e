"""Staff work through the real `privacybot` command against a running `privacybot run`, on SQLite and PostgreSQL:
requests arrive over SMTP, `remind --at` puts one digest in the Maildir, decisions send their notices, refusals exit
with a clear message, and the register, calendar feed and purge work from the command line."""

import csv
import io
import json
import re
import smtplib
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest

from handlers.deadlines import COPENHAGEN, add_working_days, local_receipt_date
from tests.mailtools import maildir_messages, make_mail
from tests.service import RunningService, free_port, privacybot, privacybot_env, privacybot_in_process, wait_until
from tests.staffing import plain

MAILBOX = "privacy@cloudservice.test"
STAFF_EMAILS = "dpo@cloudservice.test"

NEW_COMMANDS = [
    ["cases", "assign"],
    ["cases", "note"],
    ["cases", "reply"],
    ["cases", "relabel"],
    ["cases", "verify"],
    ["cases", "extend"],
    ["cases", "complete"],
    ["cases", "reject"],
    ["cases", "withdraw"],
    ["cases", "export"],
    ["cases", "ics"],
    ["remind"],
    ["purge"],
]


@pytest.mark.parametrize("command", NEW_COMMANDS, ids=" ".join)
def test_every_staff_command_has_help(tmp_path, command):
    result = privacybot(privacybot_env(tmp_path), *command, "--help")
    assert result.returncode == 0 and "usage: privacybot" in result.stdout


@pytest.fixture
def service(tmp_path: Path, database_url: str) -> Iterator[RunningService]:
    env = privacybot_env(
        tmp_path / "home",
        database_url=database_url,
        smtp_listen=f"127.0.0.1:{free_port()}",
        mailbox=MAILBOX,
        staff_emails=STAFF_EMAILS,
        staff_name="alice",
    )
    running = RunningService(env)
    yield running
    running.stop()


def send(env: dict[str, str], sender: str, subject: str, body: str) -> None:
    host, port = env["PRIVACYBOT_SMTP_LISTEN"].split(":")
    with smtplib.SMTP(host, int(port), timeout=10) as client:
        client.sendmail(sender, [MAILBOX], make_mail(sender=sender, subject=subject, body=body))


def cli(env: dict[str, str], *args: str):  # noqa: ANN201
    """Staff commands beside the running service; in this process, since a test runs twenty of them (the
    subprocess form of each is tested in tests/test_cli.py and below)."""
    return privacybot_in_process(env, *args)


def maildir(env: dict[str, str], subject_part: str) -> list:  # noqa: ANN201
    return [m for m in maildir_messages(Path(env["PRIVACYBOT_HOME"]) / "outbox") if subject_part in m["Subject"]]


def references(env: dict[str, str], expected: int) -> list[str]:
    def listed() -> list[str]:
        result = cli(env, "cases", "list", "--json")
        found = [row["reference"] for row in json.loads(result.stdout)] if result.returncode == 0 else []
        return found if len(found) >= expected else []

    found = wait_until(listed, timeout=10.0)
    assert len(found) == expected, "the service did not open the cases"
    return found


def test_remind_at_25_working_days_after_receipt_mails_one_digest_once(service):
    env = service.env
    send(env, "mette.hansen@example.dk", "Slet min konto, CPR 010203-1234", "Slet venligst min konto og mine data.")
    [reference] = references(env, 1)
    received = datetime.fromisoformat(service.case_json(reference)["received_at"])
    day = add_working_days(local_receipt_date(received), 25)
    at = datetime.combine(day, time(10, 0), tzinfo=COPENHAGEN).isoformat()

    dry = cli(env, "remind", "--at", at, "--dry-run")
    assert dry.returncode == 0 and "Dry run: 1 reminder(s) for 1 case(s)" in dry.stdout
    assert reference in dry.stdout and "010203-1234" not in dry.stdout

    sent = cli(env, "remind", "--at", at, "--json")
    assert sent.returncode == 0, sent.stderr
    result = json.loads(sent.stdout)
    assert result["digests_queued"] == 1
    [reminder] = result["reminders"]
    assert (reminder["reference"], reminder["kind"]) == (reference, "overdue")
    assert reminder["stage"] == f"overdue:{day.isoformat()}" and reminder["working_days"] < 0

    [digest] = wait_until(lambda: maildir(env, "påmindelse"), timeout=5.0)
    assert digest["To"] == STAFF_EMAILS and reference in plain(digest) and "******-****" in plain(digest)

    again = cli(env, "remind", "--at", at)
    assert again.returncode == 0 and "Nothing due" in again.stdout
    night = cli(env, "remind", "--at", datetime.combine(day, time(22, 0), tzinfo=COPENHAGEN).isoformat())
    assert "outside working hours" in night.stdout
    assert len(maildir(env, "påmindelse")) == 1
    assert [e["detail"] for e in service.case_json(reference)["events"] if e["kind"] == "reminded"] == [
        {"stage": reminder["stage"]}
    ]


def test_staff_decide_from_the_command_line_and_the_requester_gets_each_notice(service, tmp_path):
    env = service.env
    send(env, "mette.hansen@example.dk", "Slet min konto", "Hej, slet venligst min konto og alle mine data. Mette")
    send(env, "john@example.com", "My data", "Please send me a copy of the personal data you hold about me.")
    erasure, access = references(env, 2)

    only_erasure = json.loads(cli(env, "cases", "list", "--label", "erasure", "--json").stdout)
    assert [row["reference"] for row in only_erasure] == [erasure]
    assert json.loads(cli(env, "cases", "list", "--overdue", "--json").stdout) == []
    assert len(json.loads(cli(env, "cases", "list", "--due-within", "40", "--json").stdout)) == 2
    first_only = cli(env, "cases", "list", "--limit", "1").stdout
    assert erasure in first_only and access not in first_only and "1 of 2 cases shown" in first_only
    assert access in cli(env, "cases", "list", "--limit", "0").stdout

    early = cli(env, "cases", "complete", erasure, "--outcome", "Slettet.")
    assert early.returncode == 1 and f"{erasure} refused" in early.stderr and "not verified" in early.stderr

    verified = cli(env, "cases", "verify", erasure, "--how", "ringede til nummeret på kontoen")
    assert verified.returncode == 0 and "status open" in verified.stdout
    assigned = cli(env, "cases", "assign", erasure, "bob", "--by", "carol")
    assert assigned.returncode == 0 and "status in_progress" in assigned.stdout
    kept = "erasure=Kontoen er slettet. Fakturaer gemmes i 5 år efter bogføringsloven."
    completed = cli(env, "cases", "complete", erasure, "--outcome", kept, "--partial", "--by", "bob")
    assert completed.returncode == 0 and "'completed' notice queued" in completed.stdout

    extended = cli(env, "cases", "extend", access, "--reason", "Your data is spread over four systems.", "--json")
    assert extended.returncode == 0, extended.stderr
    assert json.loads(extended.stdout)["case"]["extended_deadline"] is not None
    twice = cli(env, "cases", "extend", access, "--reason", "Again.")
    assert twice.returncode == 1 and "one extension only" in twice.stderr

    [done] = wait_until(lambda: maildir(env, "Din sag er afsluttet"), timeout=5.0)
    assert done["To"] == "mette.hansen@example.dk" and "bogføringsloven" in plain(done)
    assert "Datatilsynet" in plain(done) and "domstolene" in plain(done)
    [more_time] = wait_until(lambda: maildir(env, "We need more time"), timeout=5.0)
    assert more_time["To"] == "john@example.com" and "four systems" in plain(more_time)

    record = service.case_json(erasure)
    assert record["status"] == "completed" and record["assignee"] == "bob" and record["closed_at"]
    actors = {(e["actor"], e["kind"]) for e in record["events"]}
    assert {("alice", "verified"), ("carol", "assigned"), ("bob", "completed")} <= actors
    shown = cli(env, "cases", "show", erasure)
    assert "assigned:   bob" in shown.stdout and "outcome:    erasure: Kontoen er slettet." in shown.stdout

    register = cli(env, "cases", "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(register.stdout)))
    assert [row["reference"] for row in rows] == [erasure, access]
    assert rows[0]["status"] == "completed" and "mette" not in register.stdout
    as_json = json.loads(cli(env, "cases", "export", "--format", "json").stdout)
    assert [row["reference"] for row in as_json] == [erasure, access]

    feed = tmp_path / "deadlines.ics"
    assert cli(env, "cases", "ics", "--output", str(feed)).returncode == 0
    text = feed.read_text(encoding="utf-8")
    assert access in text and erasure not in text  # the completed case has no deadline left

    dry = cli(env, "purge", "--dry-run")
    assert dry.returncode == 0 and "would be emptied" in dry.stdout


def test_decisions_on_an_unknown_case_and_bad_arguments_are_clear_errors(tmp_path):
    env = privacybot_env(tmp_path)
    missing = privacybot(env, "cases", "extend", "PRV-2026-999999", "--reason", "Complex.")
    assert missing.returncode == 1 and "no case PRV-2026-999999" in missing.stderr
    bad_days = privacybot(env, "cases", "list", "--due-within", "soon")
    assert bad_days.returncode == 2 and "DAYS must be a whole number" in bad_days.stderr
    naive = privacybot(env, "remind", "--at", "2026-12-01T09:00:00")
    assert naive.returncode == 2 and "needs an offset" in naive.stderr
    bad_label = privacybot(env, "cases", "relabel", "PRV-2026-000001", "erasure,delete", "--reason", "Why.")
    assert bad_label.returncode == 2 and "unknown label delete; choose from access," in bad_label.stderr
    no_reason = privacybot(env, "cases", "reject", "PRV-2026-000001", "--ground", "excessive")
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    nobody = privacybot(env, "remind", "--at", "2026-12-01T10:00:00+01:00")
    assert nobody.returncode == 0 and "PRIVACYBOT_STAFF_EMAILS" in nobody.stdout


def test_a_code_sent_by_a_relabel_from_the_command_line_verifies_the_requester(tmp_path):
    """`cases relabel` into a right that needs the identity check issues a code with the service's own key: the
    requester who sends it back from the registered address is verified (a code hashed under another key never is)."""
    from bot.config import load_settings
    from bot.outgoing import MaildirTransport, deliver_due
    from bot.secret_key import secret_key
    from handlers import identity
    from handlers.pipeline import process_pending
    from storage.store import Database
    from tests.mailtools import read_mail, store_mail

    env = privacybot_env(tmp_path, secret_key="relabel-test-key", mailbox=MAILBOX)
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("customer_number,name,email\n10442,Mette Hansen,mette.hansen@example.dk\n", encoding="utf-8")
    assert cli(env, "customers", "import", str(accounts)).returncode == 0
    settings = load_settings(env)
    options = settings.pipeline_options(secret_key(settings))
    db = Database(settings.database)
    now = datetime.now(COPENHAGEN)
    body = "Hvor længe gemmer I fakturaer? Kundenr. 10442"
    question = make_mail(sender="mette@other.example", subject="Fakturaer", body=body)
    store_mail(db, lambda: now, question, MAILBOX, "mette@other.example")
    while process_pending(db, options, lambda: now) + deliver_due(db, MaildirTransport(tmp_path / "out"), lambda: now):
        pass
    identity.check_identities(db, options, now)
    [reference] = references(env, 1)

    relabelled = cli(env, "cases", "relabel", reference, "erasure", "--reason", "she wants her data gone")
    assert relabelled.returncode == 0 and "labels erasure" in relabelled.stdout, relabelled.stderr
    with db.transaction() as store:
        case = store.case_by_reference(reference)
        [code_mail] = [read_mail(m.raw) for m in store.outbound_for_case(case.id) if m.kind == "verification_code"]
        code = re.search(r"\b(\d{4} \d{4})\b", plain(code_mail)).group(1)
        identity.on_reply(store, case, "mette.hansen@example.dk", f"Her er koden: {code}", options, now)
    assert json.loads(cli(env, "cases", "show", reference, "--json").stdout)["verified"] is True
    db.dispose()


def test_staff_list_the_cases_awaiting_triage_and_a_relabelled_one_leaves_the_list(tmp_path):
    from bot.config import load_settings
    from handlers.pipeline import process_pending
    from storage.store import Database
    from tests.mailtools import store_mail

    env = privacybot_env(tmp_path, secret_key="k", mailbox=MAILBOX)
    assert cli(env, "db", "upgrade").returncode == 0
    settings = load_settings(env)
    db = Database(settings.database)
    now = datetime.now(COPENHAGEN)
    unsure = make_mail(sender="anna@example.pl", subject="Oferty", body="Ciągle dostaję wasze oferty. Dość tego.")
    clear = make_mail(sender="mette@example.dk", subject="Sletning", body="Slet venligst min konto og mine data.")
    for sender, raw in (("anna@example.pl", unsure), ("mette@example.dk", clear)):
        store_mail(db, lambda: now, raw, MAILBOX, sender)
    while process_pending(db, settings.pipeline_options(b"k"), lambda: now):
        pass
    db.dispose()
    waiting = json.loads(cli(env, "cases", "list", "--triage", "--json").stdout)
    [reference] = [row["reference"] for row in waiting]
    assert waiting[0]["triage"] and waiting[0]["labels"] == ["other"]  # a language the bot does not read
    assert cli(env, "cases", "relabel", reference, "marketing_optout", "--reason", "stop the offers").returncode == 0
    assert json.loads(cli(env, "cases", "list", "--triage", "--json").stdout) == []
