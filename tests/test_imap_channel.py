"""The IMAP mailbox channel against a real Dovecot: every message stored, answered and moved out exactly once.

Mail reaches Dovecot by IMAP APPEND, as a mail provider would put it in the privacy mailbox. The evidence is what
people see: the cases (`privacybot cases list --json` or the store), the confirmations in the Maildir or outbox, and
the folders in Dovecot (the watched one empty, the processed one holding each message).
"""

import itertools
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.imap_channel import IDLE_SETTLE_SECONDS, ImapAccount, ImapChannel, imap_account
from handlers.deadlines import statutory_deadline
from handlers.options import PipelineOptions
from handlers.pipeline import process_pending
from storage.models import OUT_PENDING, RAW_NEW
from storage.store import Database
from tests.dovecot import PASSWORD, Dovecot, running_dovecot
from tests.mailtools import maildir_messages, make_mail, read_mail
from tests.service import RunningService, free_port, privacybot, privacybot_env, wait_until

MAILBOX = "privacy@cloudservice.test"
PROCESSED = "privacybot-processed"
_users = itertools.count(1)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    with running_dovecot() as server:
        yield server


@pytest.fixture(scope="session")
def plain_dovecot() -> Iterator[Dovecot]:
    """A server that offers neither IDLE nor MOVE: the channel must poll, and COPY + \\Deleted + UID EXPUNGE."""
    with running_dovecot(capability="IMAP4rev1 LITERAL+ UIDPLUS") as server:
        yield server


@pytest.fixture
def imap_user() -> str:
    """A fresh, empty mailbox on the test server."""
    return f"privacy{next(_users)}@cloudservice.test"


def requests(count: int, tag: str) -> list[bytes]:
    """Requests from different people (the bot answers one address at most five times a day), Danish and English."""
    texts = [
        ("Fjern mine data", "Hej\n\nVil I slette de oplysninger, I har registreret om mig?\n\nTak på forhånd"),
        ("What do you store about me", "Hi,\n\nI would like a copy of the personal data you hold on me.\n\nThanks"),
    ]
    return [
        make_mail(
            sender=f"Requester {i} <{tag}.{i}@example.dk>",
            to=MAILBOX,
            subject=f"{texts[i % 2][0]} ({i})",
            body=texts[i % 2][1],
        )
        for i in range(count)
    ]


def message_ids(raws: list[bytes]) -> list[str]:
    return [read_mail(raw)["Message-ID"] for raw in raws]


def stored_count(db: Database) -> int:
    with db.transaction() as store:
        return store.count_raw()


def sending(env: dict[str, str]) -> int:
    """Confirmations not yet delivered (a kill while the sender holds them delays them by its lease)."""
    db = Database(env["PRIVACYBOT_DATABASE_URL"])
    try:
        with db.transaction() as store:
            return store.count_outbox(OUT_PENDING)
    finally:
        db.dispose()


def imap_env(home: Path, database_url: str, server: Dovecot, user: str, **settings: str) -> dict[str, str]:
    return privacybot_env(
        home,
        database_url=database_url,
        smtp_listen=f"127.0.0.1:{free_port()}",
        mailbox=MAILBOX,
        imap_host="127.0.0.1",
        imap_port=str(server.port),
        imap_user=user,
        imap_password=PASSWORD,
        **settings,
    )


def assert_each_answered_once(
    env: dict[str, str],
    server: Dovecot,
    user: str,
    sent: list[bytes],
    folder: str = "INBOX",
    moved: list[bytes] | None = None,
    all_delivered: bool = True,
) -> None:
    """Each message stored once, with one case and one confirmation; the watched folder empty; the processed one
    holding `moved` (default: `sent`). `all_delivered=False` after a kill that may have hit the sender: rows it had
    claimed wait out their lease (bot.outgoing) before they are sent, so only "never twice" is checked there."""
    db = Database(env["PRIVACYBOT_DATABASE_URL"])
    try:

        def settled() -> bool:  # nothing left in the folder, in the pipeline's queue or (if asked) in the outbox
            if server.messages(user, folder):
                return False
            with db.transaction() as store:
                waiting = store.count_raw(RAW_NEW) + (store.count_outbox(OUT_PENDING) if all_delivered else 0)
                return store.count_raw() >= len(sent) and not waiting

        assert wait_until(settled, 30.0, 0.2), f"{folder} not emptied or messages not answered"
        with db.transaction() as store:
            assert store.count_raw() == len(sent) and store.count_outbox() == len(sent)
    finally:
        db.dispose()
    answered = Counter(reply["In-Reply-To"] for reply in maildir_messages(Path(env["PRIVACYBOT_HOME"]) / "outbox"))
    assert set(answered) <= set(message_ids(sent)) and max(answered.values(), default=1) == 1
    if all_delivered:
        assert sorted(answered) == sorted(message_ids(sent))
    listed = privacybot(env, "cases", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    cases = json.loads(listed.stdout)
    assert len(cases) == len(sent) and {case["channel"] for case in cases} == {"imap"}
    assert Counter(message_ids(server.messages(user, PROCESSED))) == Counter(message_ids(moved or sent))


# -- the running service -------------------------------------------------------------------------------------


def test_mail_present_at_first_start_is_answered_then_new_mail_while_idle_within_seconds(
    tmp_path, database_url, dovecot, imap_user
):
    waiting = requests(4, "waiting")
    dovecot.append(imap_user, waiting)
    env = imap_env(tmp_path / "home", database_url, dovecot, imap_user)
    service = RunningService(env)
    try:
        assert_each_answered_once(env, dovecot, imap_user, waiting)
        [request] = requests(1, "idle")  # the bot has emptied the mailbox and waits in IDLE
        appended_at = time.monotonic()
        dovecot.append(imap_user, [request])
        outbox = Path(env["PRIVACYBOT_HOME"]) / "outbox"
        assert wait_until(lambda: len(maildir_messages(outbox)) == 5, 5.0), "no confirmation within 5 seconds"
        assert time.monotonic() - appended_at < 3.0  # polling would take 30 s: IDLE told the bot at once
        [reply] = [reply for reply in maildir_messages(outbox) if reply["To"] == "idle.0@example.dk"]
        assert reply["Subject"].strip().startswith("[PRV-") and reply["From"].endswith(f"<{MAILBOX}>")
        assert_each_answered_once(env, dovecot, imap_user, [*waiting, request])
    finally:
        service.stop()


def test_stored_but_unmoved_mail_is_moved_after_a_restart_and_not_answered_again(
    tmp_path, database_url, dovecot, imap_user
):
    """The bot dies between the commit and the move: here the move cannot happen (Dovecot's separator is '.', so it
    refuses the folder name "Behandlet/2026"), the bot is SIGKILLed, and restarts with a folder name that works."""
    sent = requests(3, "unmoved")
    dovecot.append(imap_user, sent)
    home = tmp_path / "home"
    refused = imap_env(home, database_url, dovecot, imap_user, imap_processed_folder="Behandlet/2026")
    first = RunningService(refused)
    try:
        outbox = home / "outbox"
        answered = wait_until(lambda: len(maildir_messages(outbox)) == 3 and not sending(refused), 15.0)
        assert answered, "the requests were not answered"
        assert Counter(message_ids(dovecot.messages(imap_user, "INBOX"))) == Counter(message_ids(sent))
    finally:
        first.process.kill()
        first.process.communicate()
    second = RunningService(imap_env(home, database_url, dovecot, imap_user))
    try:
        assert_each_answered_once(second.env, dovecot, imap_user, sent)
    finally:
        second.stop()


def test_bot_killed_while_working_through_100_messages_answers_each_once_after_restart(
    tmp_path, database_url, dovecot, imap_user
):
    env = imap_env(tmp_path / "home", database_url, dovecot, imap_user)
    sent: list[bytes] = []
    for attempt in range(3):  # on a busy machine the kill may come after the work is done: then try again
        more = requests(100, f"killed{attempt}")  # two FETCH batches; nothing is moved before both are stored
        sent += more
        dovecot.append(imap_user, more)
        kill_after_log_line(RunningService(env), "stored uids")  # SIGKILL once the first batch is committed
        if dovecot.messages(imap_user, "INBOX"):
            break  # killed with mail committed but not yet moved (the move comes after both batches)
    else:
        pytest.fail("every kill came after the bot had finished")
    second = RunningService(env)
    try:
        assert_each_answered_once(env, dovecot, imap_user, sent, all_delivered=False)
    finally:
        second.stop()


def kill_after_log_line(service: RunningService, marker: str, timeout: float = 15.0) -> None:
    """SIGKILL (no clean-up, no logout) right after the service logs `marker`; a timer kills it if it never does."""
    try:
        service.wait_for_log(marker, timeout)
    finally:
        service.process.kill()
        service.process.wait()


def test_uidvalidity_reset_reads_the_folder_again_without_loss_or_duplicates(
    tmp_path, database_url, dovecot, imap_user
):
    """The folder is deleted and created again (a new UIDVALIDITY); its new UIDs 1-3 are at or below the UID up to
    which the bot had stored the old folder, so trusting the old state would move two new requests unread."""
    before = requests(3, "before")
    dovecot.append(imap_user, before, folder="Privacy")
    home = tmp_path / "home"
    env = imap_env(home, database_url, dovecot, imap_user, imap_folder="Privacy")
    service = RunningService(env)
    try:
        outbox = home / "outbox"
        assert wait_until(lambda: len(maildir_messages(outbox)) == 3 and not dovecot.messages(imap_user, "Privacy"), 15)
    finally:
        service.stop()

    with dovecot.client(imap_user) as client:
        old_validity = client.folder_status("Privacy", ["UIDVALIDITY"])[b"UIDVALIDITY"]
        client.delete_folder("Privacy")
        client.create_folder("Privacy")
        assert client.folder_status("Privacy", ["UIDVALIDITY"])[b"UIDVALIDITY"] != old_validity
    after = requests(2, "after")
    dovecot.append(imap_user, [before[1], *after], folder="Privacy")  # one old request restored, two new ones
    with dovecot.client(imap_user) as client:
        client.select_folder("Privacy", readonly=True)
        assert client.search("ALL") == [1, 2, 3]

    service = RunningService(env)
    try:
        assert_each_answered_once(
            env, dovecot, imap_user, before + after, folder="Privacy", moved=[*before, before[1], *after]
        )
    finally:
        service.stop()


# -- the channel in-process, with the real pipeline ----------------------------------------------------------


def account_for(server: Dovecot, user: str) -> ImapAccount:
    environment = {
        "PRIVACYBOT_IMAP_HOST": "127.0.0.1",
        "PRIVACYBOT_IMAP_PORT": str(server.port),
        "PRIVACYBOT_IMAP_USER": user,
        "PRIVACYBOT_IMAP_PASSWORD": PASSWORD,
    }
    account = imap_account(load_settings(environment))
    assert account is not None
    return account


@contextmanager
def channel_running(db: Database, account: ImapAccount, **options) -> Iterator[ImapChannel]:  # noqa: ANN003
    channel = ImapChannel(db, account, **options)
    channel.start()
    try:
        yield channel
    finally:
        channel.stop()


def run_pipeline(db: Database, options: PipelineOptions, clock) -> None:  # noqa: ANN001
    while process_pending(db, options, clock):
        pass


def test_server_killed_mid_fetch_loses_nothing_and_doubles_nothing(db, clock, dovecot, imap_user):
    sent = requests(120, "crash")  # three FETCH batches; nothing is moved before all are stored
    dovecot.append(imap_user, sent)
    crashed = threading.Event()
    stored_at_crash: list[int] = []

    def crash_after_first_commit() -> None:
        if not crashed.is_set():
            crashed.set()
            stored_at_crash.append(stored_count(db))
            dovecot.crash()  # SIGKILL to every Dovecot process while the channel is still fetching

    try:
        with channel_running(db, account_for(dovecot, imap_user), on_stored=crash_after_first_commit, clock=clock):
            assert wait_until(crashed.is_set, 15.0), "nothing was stored"
            time.sleep(0.3)  # the channel meets the dead server and backs off
            dovecot.start()
            assert wait_until(lambda: stored_count(db) == 120 and not dovecot.messages(imap_user, "INBOX"), 20.0)
    finally:
        if not dovecot.is_up():  # the session's other tests need it
            dovecot.start()
    assert 0 < stored_at_crash[0] < 120
    run_pipeline(db, PipelineOptions(mailboxes=(MAILBOX,)), clock)
    with db.transaction() as store:
        assert store.count_raw() == 120 and len(store.list_cases()) == 120 and store.count_outbox() == 120
    assert Counter(message_ids(dovecot.messages(imap_user, PROCESSED))) == Counter(message_ids(sent))


def test_server_killed_while_idle_is_noticed_and_later_mail_still_arrives(tmp_path, clock, dovecot, imap_user):
    """A dead server makes idle_check() return nothing at once instead of raising (LIBRARIES.md): the channel must
    reconnect, not wait in a dead IDLE (or spin on it) forever. The database backend plays no part: SQLite only."""
    db = Database(f"sqlite:///{tmp_path / 'privacybot.sqlite3'}")
    db.upgrade()
    try:
        with channel_running(db, account_for(dovecot, imap_user), clock=clock):
            dovecot.append(imap_user, requests(1, "before-crash"))
            assert wait_until(lambda: stored_count(db) == 1 and not dovecot.messages(imap_user, "INBOX"), 10.0)
            time.sleep(IDLE_SETTLE_SECONDS + 0.5)  # past the short first IDLE: now in the long one
            try:
                dovecot.crash()
            finally:
                dovecot.start()
            dovecot.append(imap_user, requests(1, "after-crash"))
            assert wait_until(lambda: stored_count(db) == 2 and not dovecot.messages(imap_user, "INBOX"), 10.0)
    finally:
        db.dispose()
    assert len(dovecot.messages(imap_user, PROCESSED)) == 2


def test_server_without_idle_or_move_is_polled_and_mail_copied_then_expunged(db, clock, plain_dovecot, imap_user):
    with plain_dovecot.client(imap_user) as client:
        assert not client.has_capability("IDLE") and not client.has_capability("MOVE")
    first, second = requests(2, "poll-a"), requests(2, "poll-b")
    plain_dovecot.append(imap_user, first)
    with channel_running(db, account_for(plain_dovecot, imap_user), clock=clock, poll_seconds=0.2):
        assert wait_until(lambda: stored_count(db) == 2 and not plain_dovecot.messages(imap_user, "INBOX"), 10.0)
        plain_dovecot.append(imap_user, second)
        assert wait_until(lambda: stored_count(db) == 4 and not plain_dovecot.messages(imap_user, "INBOX"), 10.0)
    # Development mode (no PRIVACYBOT_MAILBOX): the IMAP account's address is ours, and the reply comes from it.
    run_pipeline(db, PipelineOptions(), clock)
    with db.transaction() as store:
        assert len(store.list_cases()) == 4
        assert {row.sender for row in store.outbound_for_case(store.list_cases()[0].id)} == {imap_user}
    assert Counter(message_ids(plain_dovecot.messages(imap_user, PROCESSED))) == Counter(message_ids(first + second))


def test_deadline_runs_from_arrival_in_the_mailbox_not_from_the_fetch(db, clock, dovecot, imap_user):
    """The bot was down for two days: the legal clock started when the mail reached the mailbox (LEGAL.md §2)."""
    arrived = clock.now - timedelta(days=2)
    [request] = requests(1, "arrived")
    with dovecot.client(imap_user) as client:
        client.append("INBOX", request, msg_time=arrived)
    with channel_running(db, account_for(dovecot, imap_user), clock=clock):
        assert wait_until(lambda: stored_count(db) == 1 and not dovecot.messages(imap_user, "INBOX"), 10.0)
    run_pipeline(db, PipelineOptions(mailboxes=(MAILBOX,)), clock)
    with db.transaction() as store:
        [case] = store.list_cases()
    assert case.received_at == arrived.astimezone(UTC)
    assert case.deadline == statutory_deadline(arrived)


# -- settings ------------------------------------------------------------------------------------------------


def test_imap_settings_come_from_the_environment_with_the_port_following_ssl():
    plain = load_settings({"PRIVACYBOT_IMAP_HOST": "imap.example.dk", "PRIVACYBOT_IMAP_SSL": "no"})
    assert (plain.imap_host, plain.imap_port, plain.imap_ssl) == ("imap.example.dk", 143, False)
    assert (plain.imap_folder, plain.imap_processed_folder) == ("INBOX", "privacybot-processed")
    tls = load_settings({"PRIVACYBOT_IMAP_HOST": "imap.example.dk", "PRIVACYBOT_IMAP_SSL": "yes"})
    assert (tls.imap_port, tls.imap_ssl) == (993, True)
    chosen = load_settings(
        {"PRIVACYBOT_IMAP_SSL": "1", "PRIVACYBOT_IMAP_PORT": "1993", "PRIVACYBOT_IMAP_FOLDER": "GDPR"}
    )
    assert (chosen.imap_port, chosen.imap_ssl, chosen.imap_folder) == (1993, True, "GDPR")
    assert imap_account(load_settings({})) is None  # off until a host is configured


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"PRIVACYBOT_IMAP_SSL": "maybe"}, "PRIVACYBOT_IMAP_SSL must be true or false"),
        ({"PRIVACYBOT_IMAP_PORT": "imap"}, "PRIVACYBOT_IMAP_PORT must be a port number"),
    ],
)
def test_malformed_imap_settings_say_what_to_fix(environment, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(environment)


def test_imap_settings_come_from_the_file_too_with_the_password_from_the_environment(tmp_path):
    path = tmp_path / "privacybot.toml"
    path.write_text('imap_host = "imap.example.dk"\nimap_ssl = true\nimap_user = "gdpr@example.dk"\n')
    settings = load_settings({"PRIVACYBOT_CONFIG": str(path), "PRIVACYBOT_IMAP_PASSWORD": "from-the-environment"})
    account = imap_account(settings)
    assert account is not None and (account.host, account.port, account.use_ssl) == ("imap.example.dk", 993, True)
    assert account.envelope_to == ("gdpr@example.dk",) and "from-the-environment" not in repr(settings)


def test_imap_password_is_refused_in_the_file(tmp_path):
    path = tmp_path / "privacybot.toml"
    path.write_text('imap_host = "imap.example.dk"\nimap_password = "hunter2"\n')
    with pytest.raises(ConfigError, match="secrets belong in PRIVACYBOT_"):
        load_settings({"PRIVACYBOT_CONFIG": str(path)})


def test_run_with_an_imap_host_but_no_password_stops_and_names_the_variable(tmp_path):
    env = privacybot_env(tmp_path, imap_host="127.0.0.1", imap_user=MAILBOX, smtp_listen=f"127.0.0.1:{free_port()}")
    result = privacybot(env, "run")
    assert result.returncode == 2 and "PRIVACYBOT_IMAP_PASSWORD" in result.stderr


def test_processed_folder_must_differ_from_the_watched_one():
    settings = load_settings(
        {
            "PRIVACYBOT_IMAP_HOST": "imap.example.dk",
            "PRIVACYBOT_IMAP_USER": MAILBOX,
            "PRIVACYBOT_IMAP_PASSWORD": "x",
            "PRIVACYBOT_IMAP_PROCESSED_FOLDER": "INBOX",
        }
    )
    with pytest.raises(ConfigError, match="must differ"):
        imap_account(settings)
