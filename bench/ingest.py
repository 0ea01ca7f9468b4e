"""End-to-end SMTP ingest against a bare aiosmtpd, in the same run; then confirmation latency at a steady load.

    .venv/bin/python -m bench.ingest [--messages 2000] [--clients 4] [--rate 50] [--seconds 20] [--database-url URL]

1. Bare: an aiosmtpd server whose handler only answers 250; `--clients` processes send `--messages` in all.
2. privacybot: the real `privacybot run` (subprocess, throwaway home) gets the same load; the time runs until every
   message has a case and its confirmation is in the outbox. Prints both rates, their ratio and the service's CPU
   time per message (the figure that decides the rate, and that does not depend on what else the machine runs).
   Twice: cold, the burst sent the moment the service is ready (its understanding step still warming up beside the
   open door, ~1-2 s of CPU inside the burst), and warm, on a second fresh service after one confirmation has come
   out (the steady state of a service that has been running).
3. Latency: on a fresh service, one message and the time to its confirmation (start-up warm-up included); then one
   client offers `--rate` messages per second for `--seconds`; for each, the time from the end of the SMTP
   transaction to its confirmation in the Maildir. Prints p50/p99, the service's peak RSS and its start-up time.
"""

import argparse
import email
import email.policy
import multiprocessing
import os
import smtplib
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

MAILBOX = "privacy@bench.example"
BODY = (
    "Hej\n\nJeg vil gerne have slettet min konto og alle de oplysninger, I har om mig. "
    "Jeg har været kunde i nogle år, men har nu opsagt mit webhotel.\n\nMed venlig hilsen\nKunde {n}\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def message(n: int, tag: str) -> bytes:
    return (
        f"From: Kunde {n} <kunde{n}@example.dk>\r\nTo: {MAILBOX}\r\nSubject: Slet min konto {n}\r\n"
        f"Message-ID: <{tag}-{n}@client.example>\r\nDate: Fri, 27 Nov 2026 10:00:00 +0100\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{BODY.format(n=n)}"
    ).encode()


def client(port: int, numbers: range, tag: str) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
        for n in numbers:
            smtp.sendmail(f"kunde{n}@example.dk", [MAILBOX], message(n, tag))


def burst(port: int, total: int, clients: int, tag: str) -> float:
    share = total // clients
    workers = [
        multiprocessing.Process(target=client, args=(port, range(i * share, (i + 1) * share), tag))
        for i in range(clients)
    ]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return started


class Bare:
    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
        return "250 OK"


def count_outbox(db_path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def start_service(
    home: Path, port: int, database_url: str | None, pipeline_processes: int | None = None
) -> tuple[subprocess.Popen[str], float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACYBOT_")}
    env.update(PRIVACYBOT_HOME=str(home), PRIVACYBOT_SMTP_LISTEN=f"127.0.0.1:{port}", PRIVACYBOT_MAILBOX=MAILBOX)
    env["PRIVACYBOT_SECRET_KEY"] = "bench"
    if database_url:
        env["PRIVACYBOT_DATABASE_URL"] = database_url
    if pipeline_processes is not None:
        env["PRIVACYBOT_PIPELINE_PROCESSES"] = str(pipeline_processes)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None and "ready" in process.stdout.readline()
    return process, time.perf_counter() - started


def tree(pid: int) -> list[int]:
    """The process and its descendants (the service starts its pipeline worker as a process of its own)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += tree(int(child))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU the service's processes have used so far (/proc/PID/stat fields 14 and 15)."""
    total = 0
    for member in tree(pid):
        fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The sum of the service's processes' peak resident sets (an upper bound: the peaks need not coincide)."""
    total = 0
    for member in tree(pid):
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return total / 1024


def first_reply(port: int, maildir: Path) -> float:
    """Seconds from sending one message until its confirmation is in the Maildir (right after start-up, this
    includes the understanding step warming up beside the open door)."""
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
        smtp.sendmail("warm@example.dk", [MAILBOX], message(0, "warm"))
    while not (maildir / "new").is_dir() or not any((maildir / "new").iterdir()):
        time.sleep(0.005)
    return time.perf_counter() - started


def latency(port: int, maildir: Path, rate: float, seconds: float) -> list[float]:
    sent: dict[str, float] = {}
    seen: set[str] = set()
    results: list[float] = []
    interval = 1 / rate
    total = int(rate * seconds)
    new = maildir / "new"
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
        next_at = time.perf_counter()
        n = 0
        while n < total or len(results) < total:
            now = time.perf_counter()
            if n < total and now >= next_at:
                smtp.sendmail(f"kunde{n}@example.dk", [MAILBOX], message(n, "lat"))
                sent[f"<lat-{n}@client.example>"] = time.perf_counter()
                n += 1
                next_at += interval
            if new.is_dir():
                for path in new.iterdir():
                    if path.name not in seen:
                        seen.add(path.name)
                        reply = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                        origin = sent.get(str(reply["In-Reply-To"]))
                        if origin is not None:
                            results.append(time.perf_counter() - origin)
            if n >= total and time.perf_counter() > next_at + 30:
                break
            time.sleep(0.001)
    return sorted(results)


def ingest(args: argparse.Namespace, bare_rate: float, warm: bool) -> None:
    """One burst into a fresh service: cold (sent at the ready line) or warm (after a first confirmation)."""
    home = Path(tempfile.mkdtemp(prefix="privacybot-ingest-"))
    port = free_port()
    service, startup = start_service(home, port, args.database_url, args.pipeline_processes)
    try:
        if warm:
            first_reply(port, home / "outbox")
        before = 1 if warm else 0  # the first confirmation is in the outbox already
        cpu_before = cpu_seconds(service.pid)
        started = burst(port, args.messages, args.clients, "steady" if warm else "cold")  # ids unlike the first
        accepted = time.perf_counter() - started
        db_path = home / "privacybot.sqlite3"
        while not args.database_url and count_outbox(db_path) < args.messages + before:
            time.sleep(0.01)
        ingest_rate = args.messages / (time.perf_counter() - started)
        cpu_per_message = (cpu_seconds(service.pid) - cpu_before) / args.messages
        rss_burst = peak_rss_mb(service.pid)
        state = "warm (after a first confirmation)" if warm else "cold (burst at the ready line)"
        print(f"-- privacybot, {state}")
        print(f"privacybot SMTP 250: {args.messages / accepted:7.0f} msg/s (stored and committed)")
        print(f"privacybot end-to-end: {ingest_rate:5.0f} msg/s (250 + case + confirmation in the outbox)")
        print(f"ratio end-to-end / bare: {ingest_rate / bare_rate:.2f}")
        print(f"service CPU per message: {cpu_per_message * 1000:.1f} ms (all its processes and threads)")
        print(f"start-up to ready: {startup:.2f} s; peak RSS after the burst: {rss_burst:.0f} MB")
    finally:
        service.terminate()
        service.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--pipeline-processes",
        type=int,
        help="the service's setting (default: its own, 0: one process)",
    )
    args = parser.parse_args()

    bare_port = free_port()
    controller = Controller(Bare(), hostname="127.0.0.1", port=bare_port)
    controller.start()
    started = burst(bare_port, args.messages, args.clients, "bare")
    bare_rate = args.messages / (time.perf_counter() - started)
    controller.stop()

    print(f"bare aiosmtpd:      {bare_rate:8.0f} msg/s ({args.messages} messages, {args.clients} clients)")
    for warm in (False, True):
        ingest(args, bare_rate, warm)

    home = Path(tempfile.mkdtemp(prefix="privacybot-latency-"))
    port = free_port()
    service, _ = start_service(home, port, args.database_url, args.pipeline_processes)
    try:
        warm = first_reply(port, home / "outbox")  # the steady state is measured after the first confirmation
        print(f"first confirmation right after start-up: {warm * 1000:.0f} ms")
        times = latency(port, home / "outbox", args.rate, args.seconds)
        p50, p99 = times[len(times) // 2], times[max(int(len(times) * 0.99) - 1, 0)]
        print(
            f"confirmation latency at {args.rate:.0f} msg/s for {args.seconds:.0f} s: "
            f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms ({len(times)} replies); "
            f"peak RSS {peak_rss_mb(service.pid):.0f} MB"
        )
    finally:
        service.terminate()
        service.wait(30)


if __name__ == "__main__":
    main()
