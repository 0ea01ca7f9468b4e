"""Does the acknowledgement's timing tell whether an account exists? (issue 4, no enumeration)

Runs the real service (SMTP door, worker, Maildir sender) on throwaway SQLite data with 1,000 imported accounts, then
sends access requests one at a time over SMTP, alternating at random between registered addresses (an account
matches: a code mail is also queued) and unknown ones. For each it measures the time from the end of the SMTP
transaction to the acknowledgement appearing in the Maildir. Prints both distributions and a permutation test on
the difference of the medians.

    .venv/bin/python -m bench.identity_timing [--per-class 200]
"""

import argparse
import asyncio
import email
import email.policy
import random
import smtplib
import socket
import statistics
import tempfile
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from bot.config import Settings
from bot.service import serve
from storage.account_queries import ImportRow, import_batch
from storage.store import Database

MAILBOX = "privacy@bench.example"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(sender: str, n: int) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, MAILBOX, f"Indsigt {n}"
    message["Message-ID"] = f"<timing-{n}@client.example>"
    message.set_content("Jeg vil gerne have indsigt i de oplysninger, I har om mig.")
    return message.as_bytes()


def wait_for_ack(new: Path, seen: set[str], recipient: str) -> float:
    while True:
        for path in new.iterdir():
            if path.name in seen:
                continue
            seen.add(path.name)
            mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if mail["To"] == recipient and "modtaget" in mail["Subject"]:
                return time.perf_counter()
        time.sleep(0.0005)


def permutation_p(a: list[float], b: list[float], rounds: int = 5000) -> float:
    observed = abs(statistics.median(a) - statistics.median(b))
    pooled = a + b
    rng = random.Random(7)
    hits = 0
    for _ in range(rounds):
        rng.shuffle(pooled)
        if abs(statistics.median(pooled[: len(a)]) - statistics.median(pooled[len(a) :])) >= observed:
            hits += 1
    return hits / rounds


def describe(name: str, values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p95 = ms[int(len(ms) * 0.95) - 1]
    mean, median = statistics.mean(ms), statistics.median(ms)
    return f"{name:<10} n={len(ms)} mean={mean:.2f} ms median={median:.2f} ms p95={p95:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-class", type=int, default=200)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="privacybot-bench-"))
    settings = replace(
        Settings(), home=home, smtp_listen=("127.0.0.1", free_port()), mailboxes=(MAILBOX,), secret_key="bench"
    )
    db = Database(settings.database)
    db.upgrade()
    with db.transaction() as store:
        rows = [ImportRow(str(10000 + i), f"Kunde {i}", (f"known{i}@example.dk",), None) for i in range(1000)]
        import_batch(store, rows, datetime.now(UTC))
    db.dispose()

    loop, stop, ready = asyncio.new_event_loop(), asyncio.Event(), threading.Event()
    thread = threading.Thread(
        target=loop.run_until_complete, args=(serve(settings, stop, ready=lambda _l: ready.set()),), daemon=True
    )
    thread.start()
    ready.wait(30)
    classes = ["known"] * args.per_class + ["unknown"] * args.per_class
    random.Random(42).shuffle(classes)
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    new = settings.maildir / "new"
    new.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    host, port = settings.smtp_listen
    with smtplib.SMTP(host, port) as client:
        for n, kind in enumerate(classes):
            sender = f"{kind}{n % 1000}@example.dk"
            client.sendmail(sender, [MAILBOX], request(sender, n))
            sent = time.perf_counter()
            timings[kind].append(wait_for_ack(new, seen, sender) - sent)
    loop.call_soon_threadsafe(stop.set)
    thread.join(30)
    print(describe("account", timings["known"]))
    print(describe("no account", timings["unknown"]))
    print(f"permutation test on the medians: p = {permutation_p(timings['known'], timings['unknown']):.3f}")


if __name__ == "__main__":
    main()
