"""`privacybot demo`: the real service on throwaway data, fed real SMTP messages, showing cases and replies."""

import asyncio
import email
import email.policy
import shutil
import smtplib
import socket
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from bot.service import serve
from handlers.case_listing import case_summary
from storage.store import Database

MAILBOX = "privacy@cloudservice.example"

SAMPLES = [
    (
        "Mette Hansen <mette@example.dk>",
        "Slet min konto",
        "Hej\n\nJeg har opsagt mit webhotel og vil have, at I sletter min konto og mine oplysninger.\n\nMvh Mette",
        {},
    ),
    (
        "John Carter <john@example.com>",
        "Copy of my data",
        "Hello,\n\nPlease send me a copy of the personal data you hold about me.\n\nBest regards\nJohn",
        {},
    ),
    (
        "Lars Berg <lars@example.net>",
        "Nyhedsbrev",
        "Afmeld mig venligst jeres nyhedsbrev. Og hvor længe gemmer I egentlig mine fakturaer?",
        {},
    ),
    (
        "Mette Hansen <mette@example.dk>",
        "Automatisk svar: Slet min konto",
        "Jeg er på ferie og læser ikke mail før mandag.",
        {"Auto-Submitted": "auto-replied"},
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def compose(sender: str, subject: str, body: str, headers: dict[str, str]) -> bytes:
    message = email.message.EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, MAILBOX, subject
    message["Message-ID"] = email.utils.make_msgid(domain="demo.example")
    for name, value in headers.items():
        message[name] = value
    message.set_content(body)
    return message.as_bytes()


def run_demo(keep: bool = False) -> int:
    home = Path(tempfile.mkdtemp(prefix="privacybot-demo-"))
    settings = replace(Settings(), home=home, smtp_listen=("127.0.0.1", free_port()), mailboxes=(MAILBOX,))
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    ready = threading.Event()
    thread = threading.Thread(
        target=loop.run_until_complete, args=(serve(settings, stop, ready=lambda _line: ready.set()),), daemon=True
    )
    thread.start()
    if not ready.wait(30):
        print("The demo service did not start.")
        return 1
    host, port = settings.smtp_listen
    print(f"privacybot demo: a throwaway service on SMTP {host}:{port}, data in {home}\n")
    for sender, subject, body, headers in SAMPLES:
        print(f"-> mail from {sender}: {subject!r}")
        with smtplib.SMTP(host, port, timeout=10) as client:
            client.sendmail(email.utils.parseaddr(sender)[1], [MAILBOX], compose(sender, subject, body, headers))
    outbox = settings.maildir / "new"
    until = time.monotonic() + 10
    while time.monotonic() < until and len(list(outbox.glob("*"))) < 3:
        time.sleep(0.1)
    time.sleep(0.5)
    print("\nCases opened:")
    db = Database(settings.database)
    with db.transaction() as store:
        for case in store.list_cases():
            row = case_summary(case)
            print(f"  {row['reference']}  {','.join(row['labels']):<28} {row['language']}  deadline {row['deadline']}")
    db.dispose()
    print("\nReplies written to the outgoing Maildir (the out-of-office got none):")
    for path in sorted(outbox.glob("*")):
        reply = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        print(f"\n  To: {reply['To']}\n  Subject: {reply['Subject']}")
        body = reply.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        for line in text.strip().splitlines()[:12]:
            print(f"    {line}")
    loop.call_soon_threadsafe(stop.set)
    thread.join(30)
    if keep:
        print(f"\nKept {home}: try PRIVACYBOT_HOME={home} privacybot cases list")
    else:
        shutil.rmtree(home, ignore_errors=True)
    return 0
