"""The pipeline worker in a process of its own (PRIVACYBOT_PIPELINE_PROCESSES=1; the default, 0, keeps it in the
service process): started with the service, started again when it dies, gone when the service goes; and the lock file
that queues SQLite's writers."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.heartbeat import DOWN, UP
from bot.pipeline_process import PoolHealth
from storage.raw_queue import look_ahead
from storage.store import Database
from storage.writer_lock import ProcessWriterLock
from tests.mailtools import maildir_messages, make_mail
from tests.service import ROOT, RunningService, free_port, privacybot_env, wait_until
from tests.test_service import MAILBOX, smtp_send


def workers_of(pid: int) -> list[int]:
    """The live pipeline processes the service `pid` started."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if b"bot.pipeline_process" in Path(f"/proc/{child}/cmdline").read_bytes() and alive(int(child)):
                found.append(int(child))
    return found


def alive(pid: int) -> bool:
    """Running, not gone and not a zombie left for a parent that no longer reaps."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def start(tmp_path: Path, processes: int = 1) -> RunningService:
    env = privacybot_env(
        tmp_path / "home",
        smtp_listen=f"127.0.0.1:{free_port()}",
        mailbox=MAILBOX,
        pipeline_processes=str(processes),
    )
    return RunningService(env)


def request(n: int) -> bytes:
    return make_mail(subject=f"Slet min konto {n}", body="Jeg vil gerne have min konto og mine data slettet.")


def test_a_killed_pipeline_process_is_started_again_and_the_mail_it_missed_is_answered(tmp_path):
    service = start(tmp_path)
    maildir = Path(service.env["PRIVACYBOT_HOME"]) / "outbox"
    try:
        first = wait_until(lambda: workers_of(service.process.pid), 10)
        assert len(first) == 1
        os.kill(first[0], signal.SIGKILL)
        smtp_send(service.env, request(1))  # the door stores it while no worker runs
        assert wait_until(lambda: len(maildir_messages(maildir)) == 1, 20), "the mail was never answered"
        second = workers_of(service.process.pid)
        assert len(second) == 1 and second != first
    finally:
        log = service.stop()
    assert "pipeline process 1 exited with -9; starting it again" in log


def test_the_pipeline_process_dies_with_a_killed_service_and_leaves_with_a_stopped_one(tmp_path):
    killed = start(tmp_path / "killed")
    worker = wait_until(lambda: workers_of(killed.process.pid), 10)[0]
    killed.process.kill()  # SIGKILL: no chance to tell the worker
    killed.process.wait()
    killed.stop()
    assert wait_until(lambda: not alive(worker), 5), "the worker outlived its killed service"

    stopped = start(tmp_path / "stopped")
    maildir = Path(stopped.env["PRIVACYBOT_HOME"]) / "outbox"
    worker = wait_until(lambda: workers_of(stopped.process.pid), 10)[0]
    smtp_send(stopped.env, request(2))
    assert wait_until(lambda: maildir_messages(maildir), 20)
    log = stopped.stop()  # SIGTERM, as an operator stops it
    assert not alive(worker)
    assert "Traceback" not in log and "exited with" not in log


def test_by_default_the_service_answers_from_one_process(tmp_path):
    env = privacybot_env(tmp_path / "home", smtp_listen=f"127.0.0.1:{free_port()}", mailbox=MAILBOX)
    service = RunningService(env)
    maildir = Path(service.env["PRIVACYBOT_HOME"]) / "outbox"
    try:
        smtp_send(service.env, request(3))
        assert wait_until(lambda: maildir_messages(maildir), 20)
        assert workers_of(service.process.pid) == []
    finally:
        service.stop()


def test_a_writer_in_another_process_waits_for_the_lock_file_then_writes(tmp_path):
    database = tmp_path / "privacybot.sqlite3"
    Database(f"sqlite:///{database}").upgrade()
    other = textwrap.dedent(
        f"""
        from datetime import UTC, datetime
        from storage.store import Database
        db = Database("sqlite:///{database}")
        print("ready", flush=True)
        with db.transaction() as store:
            store.add_raw(channel="smtp", received_at=datetime.now(UTC), envelope_from="a@example.dk",
                          envelope_to=["b@example.dk"], message_key="k1", message_id=None, raw=b"Subject: x")
        print("written", flush=True)
        """
    )
    with ProcessWriterLock(database):
        writer = subprocess.Popen([sys.executable, "-c", other], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"  # imports done
        time.sleep(0.5)
        assert writer.poll() is None, "the other process wrote while this one held the writer lock"
    assert writer.communicate(timeout=30)[0].strip() == "written"
    with Database(f"sqlite:///{database}").transaction() as store:
        assert store.count_raw() == 1


def test_a_pipeline_process_asks_the_kernel_to_kill_it_with_its_service_and_leaves_if_already_orphaned():
    """The kernel's death signal is what stops a worker mid-batch when its service is killed (stdin's end of file
    is only read between passes)."""
    check = textwrap.dedent(
        """
        import ctypes, os, signal
        from bot.pipeline_process import die_with_parent
        die_with_parent(os.getppid())
        found = ctypes.c_int()
        ctypes.CDLL(None).prctl(2, ctypes.byref(found))  # PR_GET_PDEATHSIG
        print(found.value == signal.SIGKILL, flush=True)
        die_with_parent(os.getppid() + 1)  # as if the service had died before the signal was asked for
        print("still here", flush=True)
        """
    )
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True"] and done.returncode == 0


def test_the_pipeline_reads_its_next_messages_while_another_writer_holds_the_lock(tmp_path):
    """The look-ahead (parse and understand before the batch) waits for no writer: the door keeps the lock to itself."""
    url = f"sqlite:///{tmp_path / 'privacybot.sqlite3'}"
    db = Database(url)
    db.upgrade()
    with db.transaction() as store:
        store.add_raw(
            channel="smtp",
            received_at=datetime(2026, 11, 24, 8, tzinfo=UTC),
            envelope_from="a@example.dk",
            envelope_to=["b@example.dk"],
            message_key="k1",
            message_id=None,
            raw=b"Subject: Slet mig\r\n\r\nSlet mine data.",
        )
    found: list[int] = []
    with Database(url).transaction() as door:  # another writer (as the SMTP door would be) holds the write lock
        door.count_raw()  # its first statement takes SQLite's lock (BEGIN IMMEDIATE)

        def read_ahead() -> None:
            with db.reading() as store:
                found.extend(row.id for row in look_ahead(store, [1]).waiting)

        reader = threading.Thread(target=read_ahead)
        reader.start()
        reader.join(timeout=5)
        assert not reader.is_alive(), "the look-ahead waited for the writer"
    assert found == [1]


def test_the_worker_is_reported_down_while_any_of_its_processes_is():
    heard: list[tuple[str, str]] = []
    pool = PoolHealth(lambda state, detail: heard.append((state, detail)))
    first, second = pool.reporter(1), pool.reporter(2)
    first(UP, "")
    second(DOWN, "worker process exited with -9")
    first(UP, "")  # a healthy sibling does not hide it
    assert heard[-1] == (DOWN, "process 2: worker process exited with -9")
    second(UP, "")
    assert heard[-1] == (UP, "")
