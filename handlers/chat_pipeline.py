"""The chat branch of the pipeline: one stored Telegram update becomes a command answered, a request that opens or
joins a case, a code that links the chat, a button answered, or a short word about what the bot cannot read.

It runs in the worker's transaction like mail (handlers.pipeline dispatches on the row's channel), and everything it
sends goes to the outbox in that transaction: an update is acted on exactly once, whether Telegram delivers it twice
or the process dies half-way. Requests get the same understanding, case rules, deadlines and (chat) templates as
mail. An unlinked chat never receives personal data: only what the chat itself wrote and the case it opened.
"""

import logging
import re
from datetime import datetime

from handlers.case_dates import read_dates, record_dates
from handlers.case_intake import add_to_case, confirmation_context, open_case
from handlers.case_rules import NEEDS_VERIFICATION
from handlers.case_states import ACTIVE
from handlers.chat_link import LINKED_HOW, check_code, code_in, looks_like_details, request_code, unlink
from handlers.chat_outbox import CHAT_CHANNEL, Buttons, chat_address, queue_chat, queue_edit, queue_text
from handlers.chat_updates import CALLBACK, EDITED, MESSAGE, ChatUpdate, ChatUpdateError, parse_update
from handlers.identity import AWAITING_VERIFICATION, OPEN, apply_stops, labels_of, mark_verified
from handlers.options import PipelineOptions
from handlers.outbox_mail import BOT, queue_mail
from handlers.replies import one_line, render_chat, template_language
from handlers.staff_chat import handle_staff
from handlers.understanding import understand
from storage.account_queries import linked_customer_number
from storage.chat_queries import cases_of_chat, chat_state, save_chat_state
from storage.models import RAW_DONE, RAW_IGNORED, RAW_QUARANTINED, Case, RawMessage, TelegramChat
from storage.store import Store

log = logging.getLogger(__name__)

REQUESTER = "requester"
LINK_DETAILS = "link_details"
STATUS_ROWS = 10
_REFERENCE = re.compile(r"\bPRV-\d{4}-\d{6,}\b", re.IGNORECASE)

BUTTONS = {
    "da": {"yes": "Ja, det er rigtigt", "no": "Nej, ikke helt", "da": "Dansk", "en": "English"},
    "en": {"yes": "Yes, that is right", "no": "No, not quite", "da": "Dansk", "en": "English"},
}
MEDIA_NAMES = {
    "da": {"photo": "billedet", "document": "filen", "sticker": "stickeren", "voice": "lydbeskeden"},
    "en": {"photo": "photo", "document": "file", "sticker": "sticker", "voice": "voice message"},
}


def handle_chat(store: Store, row: RawMessage, options: PipelineOptions, now: datetime) -> None:
    """One stored update; writes only through `store`. Sets the row's status: done, ignored (with the reason) or
    quarantined."""
    row.processed_at = now
    try:
        update = parse_update(row.raw)
    except ChatUpdateError as exc:
        row.status, row.error = RAW_QUARANTINED, f"cannot read: {exc}"
        log.warning("telegram update (raw %s) quarantined: %s", row.id, exc)
        return
    if update.chat_id is not None and update.chat_id == options.chat.staff_chat:
        handle_staff(store, row, update, options, now)
        return
    if update.chat_id is None or update.kind not in (MESSAGE, EDITED, CALLBACK):
        ignore(row, f"not for the bot: {update.other or update.kind}")
        return
    if update.kind != CALLBACK and not update.text.strip() and not update.media:
        ignore(row, "a service message (a member joined, a message was pinned, ...)")
        return
    state = chat_state(store, update.chat_id)
    language = chat_language(state, update)
    row.status, row.error = RAW_DONE, None
    if not update.private:
        if update.kind != MESSAGE:
            ignore(row, f"{update.kind} in a {update.chat_type} chat")
            return
        send(store, update, "private_only", language, {}, options, now)
    elif update.kind == CALLBACK:
        on_button(store, row, update, options, now)
    elif update.kind == EDITED:
        send(store, update, "edited", language, {}, options, now)
    elif update.command is not None:
        on_command(store, update, state, language, options, now)
    elif not update.text.strip():
        send(store, update, "text_only", language, media_context(update, language), options, now)
    elif (code := code_in(update.text)) is not None:
        check_code(store, update.chat_id, code, language, options, now)
    elif state is not None and state.awaiting == LINK_DETAILS and looks_like_details(update.text):
        save_chat_state(store, update.chat_id, now, awaiting=None)
        request_code(store, update.chat_id, update.text, language, options, now)
    else:
        if state is not None and state.awaiting is not None:  # not the details /link asked for: a message
            save_chat_state(store, update.chat_id, now, awaiting=None)
        on_request(store, row, update, state, options, now)
        if update.media:  # the words were read; say that the photo or file was not
            send(store, update, "text_only", language, media_context(update, language), options, now)


def ignore(row: RawMessage, reason: str) -> None:
    row.status, row.error = RAW_IGNORED, reason
    log.info("telegram update (raw %s) ignored: %s", row.id, reason)


def chat_language(state: TelegramChat | None, update: ChatUpdate) -> str:
    """The language the chat chose with /language, else the user's app language (Danish for da/nb/nn/no)."""
    if state is not None and state.language:
        return state.language
    code = (update.language_code or "").lower()
    return "da" if code.split("-")[0] in ("da", "nb", "nn", "no") else "en"


def media_context(update: ChatUpdate, language: str) -> dict[str, object]:
    lang = template_language(language)
    name = MEDIA_NAMES[lang].get(update.media or "", "vedhæftningen" if lang == "da" else "attachment")
    return {"media_name": name, "caption": bool(update.text.strip())}


def send(
    store: Store,
    update: ChatUpdate,
    template: str,
    language: str,
    context: dict[str, object],
    options: PipelineOptions,
    now: datetime,
    buttons: Buttons = (),
) -> None:
    assert update.chat_id is not None
    queue_chat(
        store,
        update.chat_id,
        template=template,
        language=language,
        context=context,
        options=options,
        now=now,
        buttons=buttons,
    )


# -- commands -----------------------------------------------------------------------------------------------------


def on_command(
    store: Store, update: ChatUpdate, state: TelegramChat | None, language: str, options: PipelineOptions, now: datetime
) -> None:
    assert update.command is not None and update.chat_id is not None
    name, args = update.command
    chat = update.chat_id
    if name in ("start", "help"):
        linked = linked_customer_number(store, CHAT_CHANNEL, chat) is not None
        send(store, update, "welcome", language, {"linked": linked, "unknown": False}, options, now)
    elif name == "status":
        send(store, update, "status", language, status_context(store, chat), options, now)
    elif name in ("language", "sprog"):
        choice = {"da": "da", "dansk": "da", "en": "en", "english": "en"}.get(args.lower())
        if choice is None:
            words = BUTTONS[template_language(language)]
            buttons = [[(words["da"], "lang:da"), (words["en"], "lang:en")]]
            send(store, update, "language", language, {"chosen": False}, options, now, buttons)
        else:
            save_chat_state(store, chat, now, language=choice, awaiting=state.awaiting if state else None)
            send(store, update, "language", choice, {"chosen": True}, options, now)
    elif name == "link":
        if (code := code_in(args)) is not None:
            check_code(store, chat, code, language, options, now)
        elif args:
            request_code(store, chat, args, language, options, now)
        else:
            save_chat_state(store, chat, now, awaiting=LINK_DETAILS)
            send(store, update, "link_prompt", language, {}, options, now)
    elif name == "unlink":
        unlink(store, chat, language, options, now)
    else:
        linked = linked_customer_number(store, CHAT_CHANNEL, chat) is not None
        send(store, update, "welcome", language, {"linked": linked, "unknown": True}, options, now)


def status_context(store: Store, chat_id: str) -> dict[str, object]:
    """The chat's own cases, and for a linked chat every case of the account (it proved it holds the account)."""
    linked = linked_customer_number(store, CHAT_CHANNEL, chat_id)
    cases = cases_of_chat(store, chat_address(chat_id), linked, limit=STATUS_ROWS)
    rows = [
        {
            "reference": case.reference,
            "status": case.status,
            "labels": [label for label in case.labels.split(",") if label],
            "deadline": (case.extended_deadline or case.deadline).isoformat(),
        }
        for case in cases
    ]
    return {"cases": rows, "linked": linked is not None}


# -- requests -----------------------------------------------------------------------------------------------------


def on_request(
    store: Store,
    row: RawMessage,
    update: ChatUpdate,
    state: TelegramChat | None,
    options: PipelineOptions,
    now: datetime,
) -> None:
    """Free text: understood like mail; it joins the case it answers (Telegram's reply to our message about a case),
    or opens a case with its deadline, and the confirmation goes back to the chat."""
    assert update.chat_id is not None
    reading = understand("", update.text)
    language = state.language if state is not None and state.language else reading.language
    requester = chat_address(update.chat_id)
    case = answered_case(store, update, requester)
    if case is not None:
        row.case_id = case.id
        new_rights = add_to_case(store, case, row, requester, reading.understanding, now)
        context = {"new_rights": new_rights}
        queue_mail(store, case, template="added", context=context, recipient=requester, options=options, now=now)
        return
    dates, earlier, understanding = read_dates(
        store, requester, reading.text, language, reading.understanding, row.received_at
    )
    case = open_case(
        store,
        row,
        requester=requester,
        requester_name=update.name,
        subject=one_line(update.text, 80),
        language=language,
        understanding=understanding,
        options=options,
    )
    record_dates(store, case, dates, earlier, now)
    row.case_id = case.id
    settle_identity(store, case, update.chat_id, now)
    context = {**confirmation_context(store, case, reading.text, options, now), "verified": case.verified}
    buttons: Buttons = ()
    if case.triage and not context["checking"]:  # unsure of the reading shown: the requester may say if it is right
        words = BUTTONS[template_language(case.language)]
        buttons = [[(words["yes"], f"u:y:{case.id}"), (words["no"], f"u:n:{case.id}")]]
    message_id = queue_chat(
        store,
        update.chat_id,
        template="confirmation",
        language=case.language,
        context={"reference": case.reference, **context},
        options=options,
        now=now,
        case_id=case.id,
        buttons=buttons,
    )
    store.add_event(case.id, now, BOT, "message_out", template="confirmation", message_id=message_id)


def answered_case(store: Store, update: ChatUpdate, requester: str) -> Case | None:
    """The open case of this chat that the message replies to (our message about it names its reference)."""
    for reference in _REFERENCE.findall(update.reply_to_text):
        case = store.case_by_reference(reference)
        if case is not None and case.requester_address == requester and case.status in ACTIVE:
            return case
    return None


def settle_identity(store: Store, case: Case, chat_id: str, now: datetime) -> None:
    """A linked chat has proved it holds the account; an unlinked one must link first where the right needs it.
    Opt-outs and withdrawn consents take effect at once either way (on the account too, when linked)."""
    linked = linked_customer_number(store, CHAT_CHANNEL, chat_id)
    labels = labels_of(case)
    case.status = OPEN
    if linked is not None:
        case.customer_number = linked
        store.add_event(case.id, now, BOT, "account_matched", how="linked chat", customer_number=linked)
        mark_verified(store, case, LINKED_HOW, BOT, now)
    elif NEEDS_VERIFICATION & labels:
        case.status = AWAITING_VERIFICATION
        store.add_event(case.id, now, BOT, "verification_requested", how="link the chat with a code (/link)")
    apply_stops(store, case, case.requester_address, labels, now)


# -- buttons ------------------------------------------------------------------------------------------------------


def on_button(store: Store, row: RawMessage, update: ChatUpdate, options: PipelineOptions, now: datetime) -> None:
    assert update.chat_id is not None
    kind, _, value = update.callback_data.partition(":")
    if kind == "lang" and value in ("da", "en"):
        state = save_chat_state(store, update.chat_id, now, language=value, awaiting=None)
        text = render_chat("language", value, {"chosen": True}, options.templates_dir)
        reply_to_button(store, update, text, "language", options, now)
        log.info("chat %s chose language %s", update.chat_id, state.language)
        return
    answer, _, case_id = value.partition(":")
    case = store.case_by_id(int(case_id)) if kind == "u" and case_id.isdigit() and answer in ("y", "n") else None
    if case is None or case.requester_address != chat_address(update.chat_id):
        ignore(row, "a button this chat cannot use")
        return
    if store.event_kinds(case.id) & {"understanding_confirmed", "understanding_disputed"}:
        ignore(row, "the button was already answered")
        return
    row.case_id = case.id
    store.add_event(case.id, now, REQUESTER, "understanding_confirmed" if answer == "y" else "understanding_disputed")
    if answer == "n":
        case.triage = True
    note = render_chat("understood", case.language, {"answer": "yes" if answer == "y" else "no"}, options.templates_dir)
    message_id = reply_to_button(store, update, f"{update.text}\n\n{note}".strip(), "understood", options, now, case)
    store.add_event(case.id, now, BOT, "message_out", template="understood", message_id=message_id)


def reply_to_button(
    store: Store,
    update: ChatUpdate,
    text: str,
    kind: str,
    options: PipelineOptions,
    now: datetime,
    case: Case | None = None,
) -> str:
    """Rewrite the message the button sat under (which takes the buttons away), or send anew if it is gone."""
    assert update.chat_id is not None
    case_id = case.id if case is not None else None
    if update.message_id is not None:
        return queue_edit(
            store,
            chat_id=update.chat_id,
            message_id=update.message_id,
            text=text,
            kind=kind,
            options=options,
            now=now,
            case_id=case_id,
        )
    return queue_text(store, chat_id=update.chat_id, text=text, kind=kind, options=options, now=now, case_id=case_id)
