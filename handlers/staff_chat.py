"""The staff chat: deadline reminders, and commands for allow-listed staff (list due cases, show one, verify, extend,
complete). Decisions go through handlers.decisions, so the rules, the audit trail and the requester's notice are the
same as on the command line.

The staff chat is a third party's service (SPEC, personal data inside the bot): what the bot writes there is case
references, kinds of request, statuses and dates, never a name, an address or message text. Anyone not on the staff
list gets nothing at all, not even a refusal.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from handlers import decisions
from handlers.case_states import ACTIVE, Refused
from handlers.chat_outbox import queue_text
from handlers.chat_updates import ChatUpdate
from handlers.options import PipelineOptions
from handlers.reminders import local_date
from handlers.replies import template_language
from handlers.staff_digest import Reminder, chat_text
from storage.models import RAW_DONE, RAW_IGNORED, Case, RawMessage
from storage.staff_queries import find_cases
from storage.store import Store

log = logging.getLogger(__name__)

DUE_DAYS = 7
DUE_ROWS = 30  # one chat message; the command line has the full list

WORDS = {
    "en": {
        "help": (
            "Staff commands:\n"
            "/due [DAYS] - open cases due within DAYS days (default 7), most urgent first\n"
            "/case REF - one case: status, kinds, dates\n"
            "/verify REF HOW - the requester's identity is confirmed, and how\n"
            "/extend REF REASON - extend the deadline once (Art. 12(3)); the reason is sent to the requester\n"
            "/complete REF OUTCOME - close as done; one OUTCOME for every right, or a line per right: right=text"
        ),
        "unknown": "Unknown command.",
        "none_due": "No open cases due within {days} days.",
        "due": "Open cases due within {days} days ({count}):",
        "more": "... and {more} more: privacybot cases list --due-within {days}",
        "no_case": "No case {reference}.",
        "need_reference": "Name a case, e.g. /{command} PRV-2026-000123",
        "need_text": "/{command} needs {what} after the case reference.",
        "refused": "{reference}: refused: {reason}",
        "done": "{reference}: {decision} recorded by {actor}; status {status}",
        "notice": "; the requester gets the {notice} notice",
        "new_deadline": "; new deadline {deadline}",
        "what": {"verify": "how the identity was checked", "extend": "the reason", "complete": "the outcome"},
        "case": "{reference}  {status}  ({channel}, {language})",
        "kinds": "kinds",
        "received": "received",
        "deadline": "deadline",
        "extended": "extended",
        "verified": "verified",
        "assignee": "assigned",
        "yes": "yes",
        "no": "no",
        "overdue": "overdue",
    },
    "da": {
        "help": (
            "Kommandoer for medarbejdere:\n"
            "/due [DAGE] - åbne sager med frist inden for DAGE dage (standard 7), de mest presserende først\n"
            "/case REF - én sag: status, slags og datoer\n"
            "/verify REF HVORDAN - anmoderens identitet er bekræftet, og hvordan\n"
            "/extend REF BEGRUNDELSE - forlæng fristen én gang (art. 12, stk. 3); begrundelsen sendes til anmoderen\n"
            "/complete REF RESULTAT - afslut sagen; ét RESULTAT for alle rettigheder, eller en linje pr. ret: ret=tekst"
        ),
        "unknown": "Ukendt kommando.",
        "none_due": "Ingen åbne sager med frist inden for {days} dage.",
        "due": "Åbne sager med frist inden for {days} dage ({count}):",
        "more": "... og {more} mere: privacybot cases list --due-within {days}",
        "no_case": "Ingen sag {reference}.",
        "need_reference": "Angiv en sag, f.eks. /{command} PRV-2026-000123",
        "need_text": "/{command} skal have {what} efter sagsnummeret.",
        "refused": "{reference}: afvist: {reason}",
        "done": "{reference}: {decision} registreret af {actor}; status {status}",
        "notice": "; anmoderen får meddelelsen {notice}",
        "new_deadline": "; ny frist {deadline}",
        "what": {"verify": "hvordan identiteten blev tjekket", "extend": "en begrundelse", "complete": "resultatet"},
        "case": "{reference}  {status}  ({channel}, {language})",
        "kinds": "slags",
        "received": "modtaget",
        "deadline": "frist",
        "extended": "forlænget",
        "verified": "bekræftet",
        "assignee": "tildelt",
        "yes": "ja",
        "no": "nej",
        "overdue": "overskredet",
    },
}


def staff_actor(user_id: int | None) -> str:
    """Who acted, in the audit trail: the Telegram user id (the staff list names people by it)."""
    return f"telegram:{user_id}"


def handle_staff(store: Store, row: RawMessage, update: ChatUpdate, options: PipelineOptions, now: datetime) -> None:
    """An update in the staff chat: a command from someone on the staff list is run and answered; all else is
    dropped without a word."""
    chat = options.chat
    command = update.command
    if update.user_id not in chat.staff_users:
        row.status, row.error = RAW_IGNORED, "staff chat: the sender is not on the staff list"
        log.info("staff chat update (raw %s) from user %s ignored: not on the staff list", row.id, update.user_id)
        return
    if command is None or chat.staff_chat is None:
        row.status, row.error = RAW_IGNORED, "staff chat: not a command"
        return
    name, args = command
    words = WORDS[template_language(chat.staff_language)]
    text = run_command(store, name, args, staff_actor(update.user_id), words, options, now)
    queue_text(store, chat_id=chat.staff_chat, text=text, kind="staff_chat", options=options, now=now)
    row.status, row.error = RAW_DONE, None
    log.info("staff chat: /%s from user %s answered (raw %s)", name, update.user_id, row.id)


def run_command(
    store: Store, name: str, args: str, actor: str, words: dict, options: PipelineOptions, now: datetime
) -> str:
    if name in ("help", "start"):
        return words["help"]
    if name == "due":
        days = int(args) if args.isdigit() else DUE_DAYS
        return due_list(store, days, local_date(now), words)
    if name not in ("case", "verify", "extend", "complete"):
        return f"{words['unknown']}\n\n{words['help']}"
    reference, _, rest = args.partition(" ")
    if not reference:
        return words["need_reference"].format(command=name)
    case = store.case_by_reference(reference)
    if case is None:
        return words["no_case"].format(reference=reference.upper())
    if name == "case":
        return case_lines(case, words)
    rest = rest.strip()
    if not rest:
        return words["need_text"].format(command=name, what=words["what"][name])
    try:
        done = decide(name, rest, actor, options, now)(store, case)
    except Refused as exc:
        return words["refused"].format(reference=case.reference, reason=exc)
    line = words["done"].format(reference=done.reference, decision=name, actor=actor, status=done.status)
    if name == "extend" and case.extended_deadline is not None:
        line += words["new_deadline"].format(deadline=case.extended_deadline.isoformat())
    if done.notice:
        line += words["notice"].format(notice=done.notice)
    return line


def decide(
    name: str, text: str, actor: str, options: PipelineOptions, now: datetime
) -> Callable[[Store, Case], decisions.Done]:
    if name == "verify":
        return lambda store, case: decisions.verify(store, case, text, actor, now)
    if name == "extend":
        return lambda store, case: decisions.extend(store, case, text, actor, now, options)
    return lambda store, case: decisions.complete(
        store, case, outcomes(text, decisions.labels_of(case)), actor, now, options
    )


def outcomes(text: str, labels: Sequence[str]) -> dict[str, str]:
    """`right=text` lines per right; other lines together cover every right not named (as `cases complete`)."""
    named: dict[str, str] = {}
    rest: list[str] = []
    for line in text.splitlines():
        right, sep, value = line.partition("=")
        if sep and right.strip() in decisions.KNOWN_LABELS:
            named[right.strip()] = value.strip()
        elif line.strip():
            rest.append(line.strip())
    for label in labels:
        if rest:
            named.setdefault(label, " ".join(rest))
    return named


def in_force(case: Case) -> date:
    return case.extended_deadline or case.deadline


def due_list(store: Store, days: int, today: date, words: dict) -> str:
    cases = find_cases(store, due_by=today + timedelta(days=days), open_statuses=ACTIVE)
    if not cases:
        return words["none_due"].format(days=days)
    cases.sort(key=lambda case: (in_force(case), case.id))
    lines = [words["due"].format(days=days, count=len(cases))]
    for case in cases[:DUE_ROWS]:
        late = f" ({words['overdue']})" if in_force(case) < today else ""
        lines.append(
            f"- {case.reference} {case.labels.replace(',', ', ')}: {in_force(case).isoformat()}{late}, {case.status}"
        )
    if len(cases) > DUE_ROWS:
        lines.append(words["more"].format(more=len(cases) - DUE_ROWS, days=days))
    return "\n".join(lines)


def case_lines(case: Case, words: dict) -> str:
    """A case for the staff chat: no requester, subject or message text, only what a reminder may carry."""
    lines = [
        words["case"].format(
            reference=case.reference, status=case.status, channel=case.channel, language=case.language
        ),
        f"{words['kinds']}: {case.labels.replace(',', ', ')}",
        f"{words['received']}: {local_date(case.received_at).isoformat()}",
        f"{words['deadline']}: {case.deadline.isoformat()}",
    ]
    if case.extended_deadline is not None:
        lines.append(f"{words['extended']}: {case.extended_deadline.isoformat()}")
    lines.append(f"{words['verified']}: {words['yes'] if case.verified else words['no']}")
    if case.assignee:
        lines.append(f"{words['assignee']}: {case.assignee}")
    return "\n".join(lines)


def queue_reminders(
    store: Store, reminders: Sequence[Reminder], today: date, options: PipelineOptions, now: datetime
) -> bool:
    """The reminder pass's news for the staff chat (references, kinds, dates); False when there is no staff chat."""
    if options.chat.staff_chat is None or not reminders:
        return False
    text = chat_text(reminders, today, options.chat.staff_language)
    queue_text(store, chat_id=options.chat.staff_chat, text=text, kind="reminder_chat", options=options, now=now)
    return True
