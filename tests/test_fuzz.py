"""Hostile input through parse -> understand -> reply: 10,000 mutated and generated messages crash nothing, and no
name or subject can add a header to our reply. Then a mutated batch through the real worker on a database: every
message ends answered, ignored or quarantined with a reason, and the worker keeps going.

Deterministic (fixed seeds); PRIVACYBOT_FUZZ_MESSAGES scales the first part.
"""

import email
import email.policy
import multiprocessing
import os
import random
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from handlers.mime import MessageParseError, parse_message
from handlers.options import IdentityOptions, PipelineOptions
from handlers.pipeline import process_pending
from handlers.replies import Rendered, compose, one_line
from handlers.understanding import understand
from storage.models import RAW_DONE, RAW_IGNORED, RAW_QUARANTINED
from tests.mailtools import make_mail

# many_parts.eml (2,000 parts) is parsed in test_mime; mutating it here would only make this test slow.
SEEDS = sorted(p for p in (Path(__file__).parent / "data" / "mime").glob("*.eml") if p.name != "many_parts.eml")
COUNT = int(os.environ.get("PRIVACYBOT_FUZZ_MESSAGES", "10000"))
NASTY = [
    b"\x00",
    b"\r\n",
    b"\n\n",
    b"=?utf-8?q?a=0D=0ABcc:_x@evil.test?=",
    b"=?x-unknown?b?////?=",
    b"--",
    b"Content-Type: multipart/mixed; boundary=x\r\n",
    b"\xff\xfe",
    b"\xc3(",
    "æøå".encode("latin-1"),
    b"<" * 300,
    b"A" * 5000,
    b"Subject: " + b"x" * 3000 + b"\r\n",
    b"Content-Transfer-Encoding: base64\r\n\r\n!!!!",
]


def mutate(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        position = rng.randrange(len(data) + 1)
        if choice < 0.3 and data:
            data[min(position, len(data) - 1)] = rng.randrange(256)
        elif choice < 0.55:
            data[position:position] = rng.choice(NASTY)
        elif choice < 0.7:
            data = data[: rng.randrange(len(data) + 1)]
        elif choice < 0.85 and data:
            end = min(len(data), position + rng.randint(1, 400))
            data[position:position] = data[position:end] * rng.randint(1, 5)
        else:
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(data)


def generated(rng: random.Random) -> bytes:
    """A message built from hostile pieces: nesting, bad charsets, giant headers, binary bodies."""
    depth = rng.randint(0, 40)
    boundary = [f"b{i}" for i in range(depth)]
    head = "".join(f'Content-Type: multipart/mixed; boundary="{b}"\r\n\r\n--{b}\r\n' for b in boundary)
    charset = rng.choice(["utf-8", "x-unknown", "utf-99", "", "punycode", "latin-1", "utf-16"])
    body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
    name = rng.choice(["=?utf-8?q?Eve=0ABcc:_a@b.c?=", "Mallory\r\nBcc: a@b.c", "Ærlig Åse", ""])
    return (
        f"From: {name} <eve@example.test>\r\nSubject: =?{charset}?q?Slet_mig=0D=0AX-Evil:_1?=\r\n".encode()
        + head.encode()
        + f"Content-Type: text/plain; charset={charset}\r\n\r\n".encode()
        + body
    )


def reply_headers(raw_reply: bytes) -> list[str]:
    return [name.lower() for name in email.message_from_bytes(raw_reply, policy=email.policy.compat32).keys()]


def test_ten_thousand_hostile_messages_crash_nothing_and_inject_no_header():
    # Two shards in two processes (the machine's two cores); each is deterministic, and an assertion failing in a
    # shard fails the test with its traceback.
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        shards = list(pool.map(fuzz_shard, (0, 1), (COUNT - COUNT // 2, COUNT // 2)))
    parsed = sum(shard["parsed"] for shard in shards)
    assert sum(shard["parsed"] + shard["refused"] for shard in shards) == COUNT
    assert parsed > COUNT * 0.8, shards


def fuzz_shard(shard: int, count: int) -> dict[str, int]:
    """Parse, understand and answer `count` generated or mutated messages; a refusal must say why, and no reply may
    carry a header the sender smuggled in."""
    rng = random.Random(20261127 + shard)
    seeds = [path.read_bytes() for path in SEEDS] + [make_mail(subject="Slet mig", body="Slet alle mine data.")]
    outcomes = {"parsed": 0, "refused": 0}
    for n in range(count):
        raw = generated(rng) if n % 4 == 0 else mutate(rng, rng.choice(seeds))
        try:
            parsed = parse_message(raw)
        except MessageParseError as refused:
            assert str(refused), "a refusal must say why"
            outcomes["refused"] += 1
            continue
        outcomes["parsed"] += 1
        reading = understand(parsed.subject, parsed.text)
        assert reading.language in ("da", "en", "other") and reading.understanding.labels
        reply = compose(
            rendered=Rendered(subject=one_line(f"[PRV-2026-000001] {parsed.subject}"), text="t", html="<p>t</p>"),
            sender="privacy@cloudservice.test",
            sender_name=parsed.from_name or "x",
            recipient=parsed.from_addr or "someone@example.test",
            message_id="<fuzz@cloudservice.test>",
            sent_at=datetime(2026, 11, 27, tzinfo=UTC),
            language=reading.language,
            in_reply_to=parsed.message_id,
            references=parsed.references,
        )
        headers = reply_headers(reply)
        assert "bcc" not in headers and "x-evil" not in headers
        assert headers.count("to") == 1 and headers.count("subject") == 1
    return outcomes


def test_mutated_batch_through_the_worker_ends_answered_ignored_or_quarantined(db, clock):
    rng = random.Random(7)
    seeds = [path.read_bytes() for path in SEEDS]
    options = PipelineOptions(mailboxes=("privacy@cloudservice.test",), identity=IdentityOptions(secret_key=b"k"))
    with db.transaction() as store:
        for n in range(300):
            raw = mutate(rng, rng.choice(seeds)) if n % 3 else generated(rng)
            store.add_raw(
                channel="smtp",
                received_at=clock(),
                envelope_from=rng.choice([None, "<>", "eve@example.test"]),
                envelope_to=["privacy@cloudservice.test"],
                message_key=f"fuzz-{n}",
                message_id=None,
                raw=raw,
            )
    while process_pending(db, options, clock):
        pass
    with db.transaction() as store:
        done, ignored, quarantined = (store.count_raw(s) for s in (RAW_DONE, RAW_IGNORED, RAW_QUARANTINED))
        assert done + ignored + quarantined == 300
        assert all(row.error for row in store.quarantined())
        assert done > 100
