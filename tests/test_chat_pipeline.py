"""The chat branch of the pipeline over stored Telegram updates, on SQLite and PostgreSQL: cases and replies in chat,
linking a chat by a code mailed to the registered address, what an unlinked chat may see, buttons, media, groups,
and the staff chat (strangers get nothing; staff act on cases with the audit trail; reminders carry no personal data).

The updates are the Bot API's JSON as the channel stores it; what the bot would send is read from the outbox (the
JSON of each Bot API call). tests/test_telegram_channel.py runs the same paths through the real service.
"""

import itertools
import json
import re
import sys
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from bot.outgoing import MaildirTransport, deliver_due
from handlers.identity import check_identities
from handlers.options import ChatOptions, IdentityOptions, PipelineOptions
from handlers.pipeline import process_pending
from handlers.reminder_sweep import remind
from handlers.staff_options import StaffOptions
from storage.account_queries import ImportRow, import_batch, linked_customer_number, optouts
from storage.models import RAW_IGNORED, RAW_QUARANTINED, OutboxMessage
from storage.store import Database
from tests.mailtools import make_mail, read_mail, text_body
from tests.telegram_server import button, edited, message

MAILBOX = "privacy@cloudservice.test"
STAFF_CHAT = -100777
STAFF_USER = 4242
METTE_CHAT = 5001
OPTIONS = PipelineOptions(
    mailboxes=(MAILBOX,),
    message_id_domain="cloudservice.test",
    identity=IdentityOptions(secret_key=b"k" * 32),
    chat=ChatOptions(staff_chat=str(STAFF_CHAT), staff_users=frozenset({STAFF_USER}), staff_language="en"),
)
METTE = ImportRow("10442", "Mette Hansen", ("mette.hansen@example.dk",), "+4512345678")
_update_ids = itertools.count(1)
SINK: MaildirTransport | None = None  # set per test by the `sink` fixture


@pytest.fixture(autouse=True)
def sink(tmp_path, monkeypatch) -> MaildirTransport:
    """Where `settle` delivers mail: a real Maildir per test."""
    transport = MaildirTransport(tmp_path / "maildir")
    monkeypatch.setattr(sys.modules[__name__], "SINK", transport)
    return transport


@pytest.fixture
def customers(db: Database, clock) -> Database:
    with db.transaction() as store:
        import_batch(store, [METTE], clock())
    return db


def deliver(db: Database, clock, update: dict, update_id: int | None = None) -> int:
    """What the channel does with an update (store it under its key), then what the worker does (the pipeline)."""
    update_id = update_id or next(_update_ids)
    with db.transaction() as store:
        store.add_raw(
            channel="telegram",
            received_at=clock(),
            envelope_from=None,
            envelope_to=[],
            message_key=f"telegram:123:{update_id}",
            message_id=None,
            raw=json.dumps({"update_id": update_id, **update}).encode(),
        )
    settle(db, clock)
    return update_id


def settle(db: Database, clock) -> None:
    """What `run` does after something arrives: the pipeline, mail out, then the identity step for mail cases."""
    while process_pending(db, OPTIONS, clock) + deliver_due(db, SINK, clock) + check_identities(db, OPTIONS, clock()):
        pass


def calls(db: Database, chat_id: int) -> list[dict]:
    """The Bot API calls queued for a chat, oldest first: {"method": ..., "params": ...}."""
    query = select(OutboxMessage).where(OutboxMessage.channel == "telegram", OutboxMessage.recipient == str(chat_id))
    with db.transaction() as store:
        return [json.loads(row.raw) for row in store.session.exec(query.order_by(col(OutboxMessage.id)))]


def texts(db: Database, chat_id: int) -> list[str]:
    return [call["params"]["text"] for call in calls(db, chat_id)]


def mails(db: Database) -> list:
    query = select(OutboxMessage).where(OutboxMessage.channel == "email").order_by(col(OutboxMessage.id))
    with db.transaction() as store:
        return [read_mail(row.raw) for row in store.session.exec(query)]


def only_case(db: Database):
    with db.transaction() as store:
        [case] = store.list_cases()
        return case, [(e.kind, e.actor, json.loads(e.detail)) for e in store.events(case.id)]


def code_in(mail) -> str:
    return re.search(r"\b(\d{4} \d{4})\b", text_body(mail)).group(1)


# -- requesters -------------------------------------------------------------------------------------------------


def test_a_request_in_chat_opens_a_case_and_the_reply_names_its_reference_and_deadline(db, clock):
    deliver(db, clock, message(METTE_CHAT, "Hej, jeg vil gerne have slettet alle mine oplysninger hos jer."))

    case, events = only_case(db)
    assert case.channel == "telegram" and case.requester_address == f"telegram:{METTE_CHAT}"
    assert case.labels == "erasure" and case.language == "da"
    assert case.deadline.isoformat() == "2026-12-24"  # received Tue 24 Nov 2026: one month, a working day
    assert case.status == "awaiting_verification" and not case.verified  # an unlinked chat has proved nothing
    assert [kind for kind, _, _ in events][:2] == ["received", "classified"]
    assert "message_out" in [kind for kind, _, _ in events]
    [reply] = texts(db, METTE_CHAT)
    assert case.reference in reply and "2026-12-24" in reply and "24. december 2026" in reply
    assert "/link" in reply  # how to prove who they are
    assert mails(db) == []  # nothing goes by mail for a chat request


def test_the_same_update_delivered_twice_makes_one_case_and_one_reply(db, clock):
    update = message(METTE_CHAT, "Please delete my account and everything you have about me.", language_code="en")
    update_id = deliver(db, clock, update)
    deliver(db, clock, update, update_id=update_id)

    with db.transaction() as store:
        assert len(store.list_cases()) == 1
        assert store.count_raw() == 1
    assert len(texts(db, METTE_CHAT)) == 1


def test_start_speaks_the_users_app_language_and_language_switches_it(db, clock):
    deliver(db, clock, message(METTE_CHAT, "/start", language_code="en-GB"))
    deliver(db, clock, message(METTE_CHAT, "/language", language_code="en-GB"))
    [start, choose] = calls(db, METTE_CHAT)
    assert "privacy assistant" in start["params"]["text"] and "/status" in start["params"]["text"]
    buttons = choose["params"]["reply_markup"]["inline_keyboard"][0]
    assert [b["callback_data"] for b in buttons] == ["lang:da", "lang:en"]

    deliver(db, clock, button(METTE_CHAT, "lang:da", message_id=77, message_text=choose["params"]["text"]))
    deliver(db, clock, message(METTE_CHAT, "/start", language_code="en-GB"))
    chosen, again = calls(db, METTE_CHAT)[2:]
    assert chosen["method"] == "editMessageText" and chosen["params"]["message_id"] == 77
    assert "dansk" in chosen["params"]["text"] and "reply_markup" not in chosen["params"]
    assert "persondata-assistenten" in again["params"]["text"]


def test_an_unlinked_chat_sees_only_its_own_cases_and_a_linked_one_sees_the_accounts(customers, clock):
    db = customers
    with db.transaction() as store:  # Mette's earlier request by e-mail
        store.add_raw(
            channel="smtp",
            received_at=clock(),
            envelope_from="mette.hansen@example.dk",
            envelope_to=[MAILBOX],
            message_key="mail-1",
            message_id=None,
            raw=make_mail(subject="Indsigt", body="Jeg vil gerne have indsigt i mine oplysninger."),
        )
    deliver(db, clock, message(METTE_CHAT, "Afmeld mig jeres nyhedsbrev, tak."))
    with db.transaction() as store:
        mail_case, chat_case = store.list_cases()

    deliver(db, clock, message(METTE_CHAT, "/status"))
    unlinked = texts(db, METTE_CHAT)[-1]
    assert chat_case.reference in unlinked and mail_case.reference not in unlinked

    deliver(db, clock, message(METTE_CHAT, "/link 10442"))
    [code_mail] = [m for m in mails(db) if m["To"] == "mette.hansen@example.dk" and "Telegram" in m["Subject"]]
    deliver(db, clock, message(METTE_CHAT, code_in(code_mail)))
    deliver(db, clock, message(METTE_CHAT, "/status"))
    linked = texts(db, METTE_CHAT)[-1]
    assert chat_case.reference in linked and mail_case.reference in linked


def test_a_code_mailed_to_the_registered_address_links_the_chat_and_confirms_its_open_request(customers, clock):
    db = customers
    deliver(db, clock, message(METTE_CHAT, "Jeg vil gerne have en kopi af de oplysninger, I har om mig."))
    deliver(db, clock, message(METTE_CHAT, "/link"))
    deliver(db, clock, message(METTE_CHAT, "kundenummer 10442"))

    [code_mail] = mails(db)
    assert code_mail["To"] == "mette.hansen@example.dk"  # the address on the account, never one from the chat
    assert code_mail["Auto-Submitted"] == "auto-generated"
    prompt, sent = texts(db, METTE_CHAT)[1:]
    assert "kundenummer" in prompt and "Hvis oplysningerne passer til en kundekonto" in sent
    assert code_in(code_mail).replace(" ", "") not in sent

    deliver(db, clock, message(METTE_CHAT, code_in(code_mail)))
    case, events = only_case(db)
    assert case.verified and case.status == "open" and case.customer_number == "10442"
    kinds = [kind for kind, _, _ in events]
    assert "chat_link_attempt" in kinds and "chat_linked" in kinds and "verified" in kinds
    with db.transaction() as store:
        assert linked_customer_number(store, "telegram", str(METTE_CHAT)) == "10442"
    assert case.reference in texts(db, METTE_CHAT)[-1]


def test_a_request_written_after_a_bare_link_is_a_request_not_link_details(customers, clock):
    db = customers
    deliver(db, clock, message(METTE_CHAT, "/link"))
    deliver(db, clock, message(METTE_CHAT, "Slet venligst min konto."))
    case, _ = only_case(db)
    assert case.labels == "erasure" and case.reference in texts(db, METTE_CHAT)[-1]
    assert mails(db) == []


def test_the_chat_is_told_the_same_whether_or_not_the_details_match_an_account(customers, clock):
    db = customers
    deliver(db, clock, message(METTE_CHAT, "/link 99999"))
    deliver(db, clock, message(METTE_CHAT, "/link 10442"))
    unknown, known = texts(db, METTE_CHAT)
    assert unknown == known
    assert [m["To"] for m in mails(db)] == ["mette.hansen@example.dk"]


def test_a_wrong_code_is_refused_and_a_chat_cannot_flood_a_mailbox_with_codes(customers, clock):
    db = customers
    for _ in range(5):
        deliver(db, clock, message(METTE_CHAT, "/link mette.hansen@example.dk"))
    assert len(mails(db)) == OPTIONS.chat.link_codes_per_day
    deliver(db, clock, message(METTE_CHAT, "0000 0000"))
    assert "ikke rigtig" in texts(db, METTE_CHAT)[-1]
    with db.transaction() as store:
        assert linked_customer_number(store, "telegram", str(METTE_CHAT)) is None


def test_a_linked_chat_is_believed_at_once_and_its_opt_out_reaches_the_account(customers, clock):
    db = customers
    deliver(db, clock, message(METTE_CHAT, "/link 10442"))
    deliver(db, clock, message(METTE_CHAT, code_in(mails(db)[0])))
    deliver(db, clock, message(METTE_CHAT, "Stop med at sende mig nyhedsbreve og tilbud."))

    case, events = only_case(db)
    assert case.customer_number == "10442" and case.verified and case.status == "open"
    assert "marketing_optout_applied" in [kind for kind, _, _ in events]
    with db.transaction() as store:
        [optout] = optouts(store, "marketing_optout")
        assert optout.customer_number == "10442"


def test_a_reply_to_our_message_about_a_case_joins_that_case(db, clock):
    deliver(db, clock, message(METTE_CHAT, "Afmeld mig jeres nyhedsbrev."))
    [confirmation] = texts(db, METTE_CHAT)
    deliver(db, clock, message(METTE_CHAT, "Og slet også min konto.", reply_to_text=confirmation))

    case, events = only_case(db)
    assert "erasure" in case.labels.split(",") and case.triage
    assert [detail["new_rights"] for kind, _, detail in events if kind == "message_in"] == [["erasure"]]
    assert case.reference in texts(db, METTE_CHAT)[-1]


def test_when_unsure_the_bot_asks_with_buttons_and_the_answer_is_in_the_trail(db, clock):
    deliver(
        db, clock, message(METTE_CHAT, "Jeg er utilfreds, I har stadig mine oplysninger efter jeg bad jer slette dem")
    )
    [confirmation] = calls(db, METTE_CHAT)
    case, _ = only_case(db)
    assert case.triage
    yes, no = confirmation["params"]["reply_markup"]["inline_keyboard"][0]
    assert no["callback_data"] == f"u:n:{case.id}"

    pressed = button(METTE_CHAT, no["callback_data"], 91, confirmation["params"]["text"])
    deliver(db, clock, pressed)
    deliver(db, clock, button(METTE_CHAT, yes["callback_data"], 91, confirmation["params"]["text"]))  # too late
    _, events = only_case(db)
    assert [(kind, actor) for kind, actor, _ in events if kind.startswith("understanding")] == [
        ("understanding_disputed", "requester")
    ]
    [edit] = calls(db, METTE_CHAT)[1:]
    assert edit["method"] == "editMessageText" and edit["params"]["message_id"] == 91
    assert "reply_markup" not in edit["params"] and "medarbejder" in edit["params"]["text"]


def test_a_message_we_cannot_place_gets_no_did_we_get_it_right_buttons_for_a_reading_it_was_not_shown(db, clock):
    deliver(db, clock, message(METTE_CHAT, "Dzień dobry, proszę o informację w sprawie mojego konta."))
    [confirmation] = calls(db, METTE_CHAT)
    case, _ = only_case(db)
    assert case.labels == "other" and case.triage
    assert "reply_markup" not in confirmation["params"]
    text = confirmation["params"]["text"]
    assert "not yet sure whether your message" in text and "get it right?" not in text  # a language we do not read


def test_a_stranger_cannot_press_the_buttons_of_someone_elses_case(db, clock):
    deliver(
        db, clock, message(METTE_CHAT, "Jeg er utilfreds, I har stadig mine oplysninger efter jeg bad jer slette dem")
    )
    case, _ = only_case(db)
    deliver(db, clock, button(9999, f"u:y:{case.id}", 5, "..."))
    _, events = only_case(db)
    assert not [kind for kind, _, _ in events if kind.startswith("understanding")]
    assert calls(db, 9999) == []


def test_photos_stickers_edits_and_group_messages_get_a_short_answer_and_open_no_case(db, clock):
    deliver(db, clock, message(METTE_CHAT, photo=[{"file_id": "p1", "file_unique_id": "u1", "width": 9, "height": 9}]))
    deliver(db, clock, message(METTE_CHAT, sticker={"file_id": "s1", "file_unique_id": "u2", "type": "regular"}))
    deliver(db, clock, edited(METTE_CHAT, "Slet mine data"))
    deliver(db, clock, message(-55, "Slet mine data", from_id=METTE_CHAT, chat_type="group"))
    deliver(db, clock, message(-55, from_id=METTE_CHAT, chat_type="group", new_chat_members=[{"id": 1}]))

    with db.transaction() as store:
        assert store.list_cases() == []
    photo, sticker, edit = texts(db, METTE_CHAT)
    assert "billedet" in photo and "legitimation" in photo
    assert "stickeren" in sticker
    assert "ny besked" in edit
    [group] = texts(db, -55)
    assert "privat chat" in group


def test_a_photo_with_a_caption_is_read_for_its_words_and_the_photo_is_not(db, clock):
    photo = [{"file_id": "p1", "file_unique_id": "u1", "width": 9, "height": 9}]
    deliver(db, clock, message(METTE_CHAT, caption="Slet venligst min konto", photo=photo))
    case, _ = only_case(db)
    assert case.labels == "erasure"
    confirmation, note = texts(db, METTE_CHAT)
    assert case.reference in confirmation and "billedet" in note


def test_updates_the_bot_has_no_use_for_are_ignored_and_unreadable_ones_quarantined(db, clock):
    deliver(db, clock, {"channel_post": {"message_id": 1, "date": 0, "chat": {"id": -3, "type": "channel"}}})
    with db.transaction() as store:
        store.add_raw(
            channel="telegram",
            received_at=clock(),
            envelope_from=None,
            envelope_to=[],
            message_key="telegram:123:broken",
            message_id=None,
            raw=b"not json",
        )
    process_pending(db, OPTIONS, clock)
    with db.transaction() as store:
        assert store.count_raw(RAW_IGNORED) == 1 and store.count_raw(RAW_QUARANTINED) == 1
    assert texts(db, -3) == []


def test_the_mail_sender_leaves_chat_messages_to_the_telegram_sender(db, clock, tmp_path):
    deliver(db, clock, message(METTE_CHAT, "/start"))
    assert deliver_due(db, MaildirTransport(tmp_path / "maildir"), clock) == 0
    assert not (tmp_path / "maildir" / "new").exists()


# -- staff ------------------------------------------------------------------------------------------------------


def mail_case(db: Database, clock, subject: str, body: str) -> str:
    with db.transaction() as store:
        store.add_raw(
            channel="smtp",
            received_at=clock(),
            envelope_from="mette.hansen@example.dk",
            envelope_to=[MAILBOX],
            message_key=f"mail-{subject}",
            message_id=None,
            raw=make_mail(subject=subject, body=body),
        )
    settle(db, clock)
    with db.transaction() as store:
        return store.list_cases()[-1].reference


def staff(command: str, user_id: int = STAFF_USER) -> dict:
    return message(STAFF_CHAT, command, from_id=user_id, chat_type="supergroup")


def test_a_stranger_in_the_staff_chat_gets_nothing(db, clock):
    reference = mail_case(db, clock, "Slet mig", "Slet venligst min konto.")
    for command in ("/due", f"/case {reference}", f"/verify {reference} trust me", "/help"):
        deliver(db, clock, staff(command, user_id=666))
    assert calls(db, STAFF_CHAT) == []
    with db.transaction() as store:
        assert store.count_raw(RAW_IGNORED) == 4
        [case] = store.list_cases()
        assert not case.verified


def test_staff_list_and_show_cases_with_references_kinds_and_dates_only(db, clock):
    reference = mail_case(db, clock, "Mette Hansen, CPR 010190-1234", "Slet venligst min konto. Mvh Mette Hansen")
    deliver(db, clock, staff("/due 60"))
    deliver(db, clock, staff(f"/case {reference.lower()}"))
    due, shown = texts(db, STAFF_CHAT)
    assert reference in due and "erasure" in due and "2026-12-24" in due
    assert reference in shown and "erasure" in shown and "2026-12-24" in shown
    for text in (due, shown):
        assert "Mette" not in text and "mette.hansen" not in text and "010190" not in text


def test_staff_verify_extend_and_complete_from_the_chat_go_into_the_trail_and_reach_the_requester(db, clock):
    deliver(db, clock, message(METTE_CHAT, "Jeg vil gerne have en kopi af alle mine oplysninger."))
    case, _ = only_case(db)
    deliver(db, clock, staff(f"/complete {case.reference} Sent the copy"))
    assert "refused" in texts(db, STAFF_CHAT)[-1] and "not verified" in texts(db, STAFF_CHAT)[-1]

    deliver(db, clock, staff(f"/verify {case.reference} called the phone number on the account"))
    deliver(db, clock, staff(f"/extend {case.reference} Your data sits in four systems."))
    deliver(db, clock, staff(f"/complete {case.reference} Sent the copy through the customer portal."))

    case, events = only_case(db)
    assert case.status == "completed" and case.extended_deadline.isoformat() == "2027-02-24"
    actor = f"telegram:{STAFF_USER}"
    assert [kind for kind, who, _ in events if who == actor] == [
        "verified",
        "extended",
        "message_out",
        "completed",
        "message_out",
    ]
    verified, extended, completed = texts(db, STAFF_CHAT)[1:]
    assert "status open" in verified and "new deadline 2027-02-24" in extended and "status completed" in completed
    extension, done = texts(db, METTE_CHAT)[1:]  # the notices go to the chat the request came from
    assert "2027-02-24" in extension and "four systems" in extension
    assert "customer portal" in done and "Datatilsynet" in done
    assert mails(db) == []


def test_reminders_reach_the_staff_chat_with_references_kinds_and_dates_only(db, clock):
    reference = mail_case(db, clock, "Mette Hansen, CPR 010190-1234", "Slet venligst min konto. Mvh Mette")
    at = datetime(2026, 12, 22, 8, 0, tzinfo=UTC)  # Tuesday 09:00 in Copenhagen, two working days before
    result = remind(db, at, OPTIONS, StaffOptions())
    assert {r.reference for r in result.reminders} == {reference}  # the deadline, and the last day to extend
    [reminder] = texts(db, STAFF_CHAT)
    assert reference in reminder and "erasure" in reminder and "2026-12-24" in reminder
    assert "Mette" not in reminder and "010190" not in reminder
    assert remind(db, at, OPTIONS, StaffOptions()).reminders == ()  # once per case and stage
    assert len(texts(db, STAFF_CHAT)) == 1
