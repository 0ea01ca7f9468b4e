"""The Telegram channel end to end: the real `privacybot run` with the real python-telegram-bot Application, polling a
loopback server that speaks the Bot API (tests/telegram_server.py). The assertions are on the requests the bot sends
there (what a Telegram user would see), on the mail in the outgoing Maildir, and on the cases.
"""

import asyncio
import json
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from handlers.chat_outbox import CHAT_CHANNEL
from handlers.deadlines import statutory_deadline
from storage.store import Database
from tests.mailtools import maildir_messages, text_body
from tests.service import RunningService, free_port, privacybot, privacybot_env, wait_until
from tests.telegram_server import TOKEN, BotApiServer, Scripted, edited, message

MAILBOX = "privacy@cloudservice.test"
CHAT = 5001
STAFF_CHAT = -100777
STAFF_USER = 4242
REFERENCE = re.compile(r"PRV-\d{4}-\d{6}")


@pytest.fixture
def api() -> Iterator[BotApiServer]:
    server = BotApiServer().start()
    yield server
    server.stop()


@pytest.fixture
def env(tmp_path: Path, database_url: str, api: BotApiServer) -> dict[str, str]:
    return privacybot_env(
        tmp_path / "home",
        database_url=database_url,
        smtp_listen=f"127.0.0.1:{free_port()}",
        mailbox=MAILBOX,
        secret_key="a-test-key-for-the-code-hashes-0123456789",
        telegram_token=TOKEN,
        telegram_api_url=api.url,
        telegram_staff_chat=str(STAFF_CHAT),
        telegram_staff_users=f"{STAFF_USER},4343",
    )


@pytest.fixture
def service(env: dict[str, str]) -> Iterator[RunningService]:
    running = RunningService(env)
    yield running
    running.stop()


def count_cases(env: dict[str, str]) -> int:
    db = Database(env["PRIVACYBOT_DATABASE_URL"])
    try:
        with db.transaction() as store:
            return len(store.list_cases())
    finally:
        db.dispose()


def test_a_request_in_chat_gets_a_case_and_a_reply_with_its_reference_and_deadline(service, api):
    api.push(message(CHAT, "Hej, jeg vil gerne have slettet alle mine oplysninger hos jer."))

    [reply] = api.wait_for("sendMessage", timeout=10)
    text = reply.params["text"]
    reference = REFERENCE.search(text).group(0)
    case = service.case_json(reference)
    assert case["channel"] == "telegram" and "erasure" in case["labels"] and case["language"] == "da"
    assert date.fromisoformat(case["deadline"]) == statutory_deadline(datetime.fromisoformat(case["received_at"]))
    assert case["deadline"] in text
    assert case["status"] == "awaiting_verification" and case["verified"] is False
    assert [c.params["action"] for c in api.requests("sendChatAction")] == ["typing"]  # while the worker answers


def test_a_code_mailed_to_the_registered_address_links_the_chat(env, api, tmp_path):
    accounts = tmp_path / "customers.csv"
    accounts.write_text("customer_number,name,email\n10442,Mette Hansen,mette.hansen@example.dk\n", encoding="utf-8")
    imported = privacybot(env, "customers", "import", str(accounts))
    assert imported.returncode == 0, imported.stderr
    running = RunningService(env)
    try:
        api.push(message(CHAT, "/link 10442"))
        maildir = Path(env["PRIVACYBOT_HOME"]) / "outbox"
        [mail] = wait_until(lambda: maildir_messages(maildir), timeout=10)
        assert mail["To"] == "mette.hansen@example.dk"
        code = re.search(r"\b(\d{4} \d{4})\b", text_body(mail)).group(1)
        assert code.replace(" ", "") not in " ".join(api.sent_texts(CHAT))  # the code never goes to the chat

        api.push(message(CHAT, code))
        replies = api.wait_for("sendMessage", count=2, timeout=10)
        assert "knyttet til din kundekonto" in replies[1].params["text"]
        api.push(message(CHAT, "/status"))
        status = api.wait_for("sendMessage", count=3, timeout=10)[2].params["text"]
        assert "fra denne chat" not in status  # a linked chat sees the account's cases
    finally:
        running.stop()


def test_a_stranger_in_the_staff_chat_gets_nothing_and_staff_get_an_answer(service, api):
    api.push(message(STAFF_CHAT, "/due", from_id=666, chat_type="supergroup"))
    api.push(message(STAFF_CHAT, "/help", from_id=666, chat_type="supergroup"))
    api.push(message(STAFF_CHAT, "/due", from_id=STAFF_USER, chat_type="supergroup"))

    [answer] = api.wait_for("sendMessage", timeout=10)
    time.sleep(0.5)  # a pass later: still only the one answer
    assert [int(c.params["chat_id"]) for c in api.requests("sendMessage")] == [STAFF_CHAT]
    assert "No open cases" in answer.params["text"] or "Ingen åbne sager" in answer.params["text"]
    assert api.requests("sendChatAction") == []  # a group gets no "typing"


def test_a_429_from_telegram_is_retried_after_retry_after_and_a_500_after_a_back_off(service, api):
    api.script("sendMessage", Scripted(429, retry_after=1), Scripted(500))
    api.push(message(CHAT, "/start"))

    api.wait_for("sendMessage", timeout=15)
    attempts = api.requests("sendMessage")
    assert [c.status for c in attempts] == [429, 500, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # Telegram's retry_after was honoured
    assert len({c.params["text"] for c in attempts}) == 1  # the same message, nothing lost or changed


def test_an_update_delivered_twice_makes_one_case_and_one_reply(service, api, env):
    update = message(CHAT, "Please delete my account and all the data you hold about me.", language_code="en")
    update_id = api.push(update)
    api.push(update, update_id=update_id)  # twice in one batch
    api.wait_for("sendMessage", timeout=10)
    api.push(update, update_id=update_id)  # and again later, after it was confirmed
    api.push(message(CHAT, "/start", language_code="en"))
    api.wait_for("sendMessage", count=2, timeout=10)
    time.sleep(0.5)

    texts = api.sent_texts(CHAT)
    assert len(texts) == 2 and REFERENCE.search(texts[0]) and "privacy assistant" in texts[1]
    assert count_cases(env) == 1


def test_photo_sticker_edit_and_group_message_get_answers_and_the_bot_keeps_working(service, api, env):
    api.push(message(CHAT, photo=[{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]))
    # a sticker without the fields python-telegram-bot requires: it must not stall the channel either
    api.push(message(CHAT, sticker={"file_id": "s1", "file_unique_id": "u2", "type": "regular"}))
    api.push(edited(CHAT, "Slet mine data"))
    api.push(message(-55, "/start", from_id=CHAT, chat_type="group"))
    api.push({"channel_post": {"message_id": 1, "date": 0, "chat": {"id": -3, "type": "channel"}, "text": "hi"}})
    api.push({"message_reaction": {"chat": {"id": CHAT, "type": "private"}, "message_id": 1, "date": 0}})
    api.push(message(CHAT, "Afmeld mig jeres nyhedsbrev."))

    api.wait_for("sendMessage", count=5, timeout=10)
    photo, sticker, edit, confirmation = api.sent_texts(CHAT)
    assert "billedet" in photo and "stickeren" in sticker and "ny besked" in edit
    assert REFERENCE.search(confirmation)
    assert "privat chat" in api.sent_texts(-55)[0]
    assert count_cases(env) == 1


def test_killing_the_bot_after_the_commit_but_before_the_offset_moved_loses_and_duplicates_nothing(env, api):
    api.hold("sendChatAction")  # the acknowledgement after the commit never returns, so the offset cannot move on
    api.script("sendMessage", *[Scripted(500)] * 50)  # and no reply gets out before the kill
    first = RunningService(env)
    update_id = api.push(message(CHAT, "Jeg vil gerne have en kopi af mine oplysninger."))
    assert wait_until(lambda: api.requests("sendChatAction"), timeout=10), "the update was never acknowledged"
    first.process.kill()  # SIGKILL: no clean shutdown
    first.process.wait(timeout=10)
    assert [u["update_id"] for u in api.pending] == [update_id]  # Telegram still holds it: it was never confirmed
    assert api.sent_texts() == []

    api.release("sendChatAction")
    api.clear_scripts()
    second = RunningService(env)
    try:
        [reply] = api.wait_for("sendMessage", timeout=15)
        time.sleep(0.5)
        assert len(api.sent_texts(CHAT)) == 1 and REFERENCE.search(reply.params["text"])
        assert count_cases(env) == 1
        assert wait_until(lambda: not api.pending, timeout=10)  # confirmed once the second run had it stored
    finally:
        second.stop()


def test_a_slow_bot_api_gets_no_more_of_a_batch_than_half_the_lease_and_the_rest_goes_once_in_order(
    db, api, monkeypatch
):
    """Twenty calls, each just inside python-telegram-bot's timeouts, could outlast the lease, and another instance
    would then claim the rest and send it again. What is left at half the lease goes back untried, free at once, and
    keeps its place before a message queued since."""
    import bot.telegram_channel

    lease = bot.telegram_channel.LEASE
    monkeypatch.setattr(bot.telegram_channel, "LEASE", timedelta(seconds=2))
    at = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    clock = [at]

    def queue(n: int, created_at: datetime) -> None:
        call = {"method": "sendMessage", "params": {"chat_id": CHAT, "text": f"besked {n}"}}
        with db.transaction() as store:
            store.add_outbox(
                kind="test",
                sender=CHAT_CHANNEL,
                recipient=str(CHAT),
                message_id=f"<chat-{n}@privacybot.test>",
                raw=json.dumps(call).encode(),
                created_at=created_at,
                channel=CHAT_CHANNEL,
            )

    for n in range(3):
        queue(n, at)
    settings = Settings(telegram_token=TOKEN, telegram_api_url=api.url)
    sender = bot.telegram_channel.TelegramChannel(db, settings, on_stored=lambda: None, now=lambda: clock[0])

    def answer_the_first_call_late() -> None:
        api.wait_for("sendMessage", answered=None)
        time.sleep(1.2)  # past half the 2 s lease while the first call is under way
        clock[0] = at + timedelta(minutes=1)
        api.release("sendMessage")

    async def two_passes() -> tuple[int, list[str], int]:
        await sender.app.initialize()
        try:
            first = await sender._send_due(asyncio.Event())
            after_first = list(api.sent_texts(CHAT))
            queue(3, at + timedelta(seconds=30))  # written while the first call was under way
            monkeypatch.setattr(bot.telegram_channel, "LEASE", lease)
            return first, after_first, await sender._send_due(asyncio.Event())
        finally:
            await sender.app.shutdown()

    api.hold("sendMessage")
    threading.Thread(target=answer_the_first_call_late, daemon=True).start()
    first, after_first, second = asyncio.run(two_passes())
    assert (first, after_first) == (1, ["besked 0"])  # the rest went back untried
    assert second == 3 and api.sent_texts(CHAT) == [f"besked {n}" for n in range(4)]  # each once, in order
