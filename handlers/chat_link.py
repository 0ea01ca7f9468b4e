"""Linking a chat to a customer account (SPEC Identity): a one-time code goes by e-mail to an address already
registered on the account, and typing it in the chat proves the chat belongs to the account holder.

No enumeration: whatever the details match, the chat gets the same answer ("if they match an account, we sent a
code"), and the answer leaves through the outbox, so its timing says nothing either. A chat may ask for a few codes a
day and an address receives a few a day, so the bot cannot be used to flood anyone's mailbox.
"""

import logging
import re
from datetime import datetime, timedelta

from handlers.case_states import ACTIVE
from handlers.chat_outbox import CHAT_CHANNEL, chat_address, queue_chat
from handlers.deadlines import COPENHAGEN
from handlers.identity import AWAITING_VERIFICATION, code_policy, directory_for, mark_verified
from handlers.options import PipelineOptions
from handlers.outbox_mail import BOT, queue_mail_without_case
from storage.account_queries import link_chat
from storage.chat_queries import cases_of_chat, link_codes_since, unlink_chat
from storage.store import Store
from verification import codes
from verification.codes import CheckResult
from verification.contacts import normalise_address
from verification.matching import find_account

log = logging.getLogger(__name__)

CHAT_LINK = "chat_link"
LINKED_HOW = "Telegram chat linked by a one-time code sent to the registered address"
_CODE_ONLY = re.compile(r"^\s*(\d{4})[ -]?(\d{4})\s*$")


def code_in(text: str) -> str | None:
    """The code, when the text is nothing but eight digits (as printed, "1234 5678", or without the space)."""
    match = _CODE_ONLY.match(text)
    return match.group(1) + match.group(2) if match else None


def lookup(details: str) -> tuple[str | None, str]:
    """(an e-mail address, text to search) from what the requester typed; a bare number is read as a customer
    number, since that is what the prompt asked for."""
    words = details.split()
    address = next((word for word in words if normalise_address(word)), None)
    numbers = [word.strip(".,;:#") for word in words if any(c.isdigit() for c in word) and word != address]
    return address, "\n".join([details, *(f"customer number {number}" for number in numbers)])


def looks_like_details(text: str) -> bool:
    """An address or a number: what /link asked for. Anything else is a message in its own right."""
    return any(c.isdigit() for c in text) or any(normalise_address(word) for word in text.split())


def request_code(
    store: Store, chat_id: str, details: str, language: str, options: PipelineOptions, now: datetime
) -> None:
    """Mail a code to the account the details point at (if any), and tell the chat the same thing either way."""
    address, text = lookup(details)
    match = find_account(directory_for(store, options.identity), address, text)
    since, limit = now - timedelta(days=1), options.chat.link_codes_per_day
    if match is None:
        log.info("chat %s asked for a link code; no single account matched", chat_id)
    elif (
        link_codes_since(store, CHAT_LINK, since, chat_id=chat_id) >= limit
        or link_codes_since(store, CHAT_LINK, since, sent_to=match.code_address) >= limit
    ):
        log.warning("chat %s asked for a link code; daily limit reached, none sent", chat_id)
    else:
        policy = code_policy(options.identity)
        code = codes.issue(
            store,
            policy,
            purpose=CHAT_LINK,
            customer_number=match.account.customer_number,
            sent_to=match.code_address,
            now=now,
            chat_id=chat_id,
        )
        valid_until = (now + policy.ttl).astimezone(COPENHAGEN).strftime("%Y-%m-%d %H:%M")
        queue_mail_without_case(
            store,
            template="chat_link_code",
            language=language,
            context={"code": codes.display(code), "valid_until": valid_until},
            recipient=match.code_address,
            options=options,
            now=now,
        )
        log.info("chat %s asked for a link code; mailed to the account's registered address", chat_id)
    context = {"hours": options.identity.code_ttl_hours}
    queue_chat(store, chat_id, template="link_sent", language=language, context=context, options=options, now=now)


def check_code(
    store: Store, chat_id: str, offered: str, language: str, options: PipelineOptions, now: datetime
) -> None:
    """A code typed in the chat: the right one links the chat and confirms the identity in its open cases."""
    result, record = codes.check(
        store, code_policy(options.identity), purpose=CHAT_LINK, offered=[offered], now=now, chat_id=chat_id
    )
    open_cases = cases_of_chat(store, chat_address(chat_id), None, limit=100, statuses=ACTIVE)
    for case in open_cases:  # every attempt is in the trail of the cases it could unlock
        store.add_event(case.id, now, BOT, "chat_link_attempt", result=str(result))
    confirmed: list[str] = []
    if result is CheckResult.VERIFIED and record is not None:
        link_chat(store, record.customer_number, CHAT_CHANNEL, chat_id, now)
        for case in open_cases:
            if case.customer_number not in (None, record.customer_number):
                continue
            case.customer_number = record.customer_number
            store.add_event(case.id, now, BOT, "chat_linked", customer_number=record.customer_number)
            if not case.verified:
                if case.status == AWAITING_VERIFICATION:
                    confirmed.append(case.reference or "")
                mark_verified(store, case, LINKED_HOW, BOT, now)
    log.info("chat %s typed a link code: %s", chat_id, result)
    context = {"result": str(result), "confirmed": sorted(confirmed)}
    queue_chat(store, chat_id, template="link_result", language=language, context=context, options=options, now=now)


def unlink(store: Store, chat_id: str, language: str, options: PipelineOptions, now: datetime) -> None:
    was_linked = unlink_chat(store, CHAT_CHANNEL, chat_id)
    log.info("chat %s unlinked (was linked: %s)", chat_id, was_linked)
    context = {"was_linked": was_linked}
    queue_chat(store, chat_id, template="unlinked", language=language, context=context, options=options, now=now)
