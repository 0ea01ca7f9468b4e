"""Staff decisions on a case: assign, note, reply, relabel, verify, extend, complete, reject, close unverified,
withdraw.

Each one checks the rules (handlers.case_states), changes the case, appends to the audit trail with the staff
member's name, and, when the decision concerns the requester, queues the matching notice in their language, all in
the caller's transaction: the decision and its notice commit together or not at all.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import TemplateNotFound

from handlers.case_rules import NEEDS_VERIFICATION, STATUTORY, STOPS, case_clock
from handlers.case_states import (
    AWAITING_VERIFICATION,
    CLOSED,
    IN_PROGRESS,
    OPEN,
    CaseFacts,
    Refused,
    after_verification,
    decide,
)
from handlers.deadlines import extended_deadline, local_receipt_date, nominal_deadline
from handlers.identity import account_of, apply_stops, send_code, stop_address
from handlers.labels import chosen_labels
from handlers.options import PipelineOptions
from handlers.outbox_mail import queue_mail
from handlers.reminders import local_date
from handlers.replies import LABEL_NAMES, long_date, one_line
from storage.account_queries import lift_stop
from storage.models import Case
from storage.store import Store

# Grounds for not acting (LEGAL.md §5, §4); each has its own sentence in the rejection notice.
REJECT_GROUNDS = ("manifestly_unfounded", "excessive", "exemption", "unverified", "other")
KNOWN_LABELS = tuple(LABEL_NAMES["en"])
MAX_TEXT = 4000  # a reason or outcome is a paragraph, not a document
STOP_KEPT = "recorded for this address before this case: not this case's to lift"
LIFT_FLAG = "--lift-stop"  # how staff name a stop to lift (bot.cli_cases), quoted in the refusals


@dataclass(frozen=True)
class Done:
    """What a decision did, for the command line to report."""

    reference: str
    status: str
    notice: str | None = None  # the template of the notice queued to the requester, if any
    stops: tuple[str, ...] = ()  # what a relabel did to stops it dropped, one line each


def labels_of(case: Case) -> list[str]:
    return [label for label in case.labels.split(",") if label]


def facts_of(case: Case, now: datetime) -> CaseFacts:
    labels = set(labels_of(case))
    return CaseFacts(
        status=case.status,
        verified=case.verified,
        extended=case.extended_deadline is not None,
        statutory=bool(STATUTORY & labels) or case.triage,
        needs_verification=bool(NEEDS_VERIFICATION & labels),
        nominal_deadline=nominal_deadline(case.received_at),
        today=local_date(now),
        assigned=case.assignee is not None,
    )


def _text(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise Refused(f"{what} is required")
    if len(value) > MAX_TEXT:
        raise Refused(f"{what} is longer than {MAX_TEXT} characters; keep it to the point")
    return value


def _move(store: Store, case: Case, decision: str, actor: str, now: datetime, kind: str, **detail: Any) -> str:
    """Check the rules, set the new status (closing the case when it is a closing decision), record the event."""
    before = case.status
    after = decide(decision, facts_of(case, now))
    case.status = after
    if after in CLOSED and before not in CLOSED:
        case.closed_at = now
    if after != before:
        detail["status"] = f"{before} -> {after}"
    store.add_event(case.id, now, actor, kind, **detail)
    return after


def _notice(
    store: Store,
    case: Case,
    template: str,
    context: Mapping[str, Any],
    actor: str,
    now: datetime,
    options: PipelineOptions,
) -> str:
    base = {
        "requester_name": case.requester_name,
        "subject": one_line(case.subject, 120),
        "labels": labels_of(case),
        "received": local_receipt_date(case.received_at).isoformat(),
        "received_long": long_date(local_receipt_date(case.received_at), case.language),
    }
    try:
        queue_mail(
            store,
            case,
            template=template,
            context={**base, **context},
            recipient=case.requester_address,
            options=options,
            now=now,
            actor=actor,
        )
    except TemplateNotFound as exc:
        raise Refused(f"there is no template {template!r} for this case's language ({exc.name})") from exc
    return template


def assign(store: Store, case: Case, assignee: str, actor: str, now: datetime) -> Done:
    assignee = _text(assignee, "the assignee's name")[:64]
    status = _move(store, case, "assign", actor, now, "assigned", to=assignee, previous=case.assignee)
    case.assignee = assignee
    return Done(case.reference or "", status)


def note(store: Store, case: Case, text: str, actor: str, now: datetime) -> Done:
    status = _move(store, case, "note", actor, now, "note", text=_text(text, "the note"))
    return Done(case.reference or "", status)


def reply(
    store: Store, case: Case, text: str, actor: str, now: datetime, options: PipelineOptions, template: str = "reply"
) -> Done:
    """A message to the requester, free text wrapped in the `reply` template or any other named template."""
    if template == "reply":
        text = _text(text, "the reply text")
    status = _move(store, case, "reply", actor, now, "staff_reply", template=template)
    return Done(case.reference or "", status, _notice(store, case, template, {"text": text}, actor, now, options))


def relabel(
    store: Store,
    case: Case,
    labels: Sequence[str],
    reason: str,
    actor: str,
    now: datetime,
    options: PipelineOptions,
    lift: Sequence[str] = (),
) -> Done:
    """Staff settle what the message asks for: their labels replace the bot's reading and end the triage.

    The case then runs on the clock its labels call for, as if the bot had read them on arrival (case_rules); an
    extension lapses when no right is left to extend. A stop among the labels takes effect at once. A stop this case
    applied goes only when staff name it in `lift` (see _stops_to_lift), and even then stays while another case asks
    for it (`Done.stops` says which). A right that discloses or changes data starts the identity check: the requester
    is told we must confirm it is them, and a code goes to the account's registered address when the account is known
    (LEGAL.md §4); a case that no longer needs the check leaves it. `options` must carry the real code key
    (`Done.notice` names the notice sent, if any).
    """
    try:
        wanted = chosen_labels(labels)
    except ValueError as exc:
        raise Refused(str(exc)) from exc
    before = labels_of(case)
    _refuse_on_a_closed_case(case, set(before) - set(wanted), lift)
    lifting = _stops_to_lift(set(before), set(wanted), lift)
    _refuse_what_a_later_message_asked_for(store, case, lifting)
    if wanted == before and not case.triage:
        raise Refused(f"the case is already {','.join(wanted)} and not in triage: nothing to change")
    reason = _text(reason, "the reason")
    in_force = case.extended_deadline or case.deadline
    clock = case_clock(wanted, False, case.received_at, options.sla_working_days, options.consent_sla_working_days)
    needs_check = bool(NEEDS_VERIFICATION & set(wanted)) and not case.verified
    detail: dict[str, Any] = {"labels": f"{','.join(before)} -> {','.join(wanted)}", "triage_ended": case.triage}
    if case.extended_deadline is not None and not STATUTORY & set(wanted):
        case.extended_deadline = case.extension_reason = case.extended_at = None
        detail["extension_lapsed"] = True  # nothing left that Art. 12(3) lets us extend
    detail["deadline"] = f"{in_force.isoformat()} -> {(case.extended_deadline or clock.deadline).isoformat()}"
    detail["rule"] = f"{case.deadline_rule} -> {clock.rule}"
    status = decide("relabel", facts_of(case, now))
    if needs_check and status in (OPEN, IN_PROGRESS):
        status = AWAITING_VERIFICATION
    elif not needs_check and status == AWAITING_VERIFICATION:
        status = after_verification(status, case.assignee is not None)  # nothing left to check: back to work
    if status != case.status:
        detail["status"] = f"{case.status} -> {status}"
    case.labels, case.triage, case.deadline, case.deadline_rule = ",".join(wanted), False, clock.deadline, clock.rule
    case.status = status
    store.add_event(case.id, now, actor, "relabelled", **detail, reason=reason)
    stops = _lift_stops(store, case, lifting, actor, now)
    apply_stops(store, case, case.requester_address, set(wanted), now)  # recorded once however often named
    if "status" in detail and status == AWAITING_VERIFICATION:
        # the same words whether or not an account matched (no enumeration); a code only to a registered address
        context = {"deadline": (case.extended_deadline or case.deadline).isoformat()}
        notice = _notice(store, case, "verification_reminder", context, actor, now, options)
        send_code(store, case, account_of(store, case, options), options, now)
        return Done(case.reference or "", status, notice, stops)
    return Done(case.reference or "", status, stops=stops)


def _stops_to_lift(before: set[str], wanted: set[str], lift: Sequence[str]) -> tuple[str, ...]:
    """The stops staff lift: exactly the ones the new labels drop, each named on purpose.

    Leaving a stop out of the labels is not enough to lift it: the labels may only be settling the triage of a case
    whose stop is genuine (a follow-up asked for it), and a stop lifted by mistake means marketing to someone who said
    no. So a drop not named is refused, and so is a name that is not a stop this case applied and the labels drop.
    """
    for kind in lift:
        if kind not in STOPS:
            raise Refused(f"{kind!r} is not a stop; {LIFT_FLAG} takes one of {', '.join(STOPS)}")
        if kind not in before:
            raise Refused(f"this case did not apply {kind}: there is nothing of it to lift")
        if kind in wanted:
            raise Refused(f"{kind} is among the new labels: leave it out of them to lift it")
    unnamed = [kind for kind in STOPS if kind in before and kind not in wanted and kind not in lift]
    if unnamed:
        flags = " ".join(f"{LIFT_FLAG} {kind}" for kind in unnamed)
        raise Refused(
            f"the new labels drop {', '.join(unnamed)}, which this case applied; if it was never asked for, add "
            f"{flags} (it stays while another case asks for it), otherwise keep it among the labels"
        )
    return tuple(kind for kind in STOPS if kind in lift)


def _refuse_on_a_closed_case(case: Case, dropped: set[str], lift: Sequence[str]) -> None:
    """A closed case takes no relabel (case_states), so a stop it applied cannot be lifted: say so in those words,
    rather than point at a flag that cannot help."""
    stops = [kind for kind in STOPS if kind in dropped or kind in lift]
    if case.status in CLOSED and stops:
        raise Refused(
            f"the case is {case.status}: a closed case cannot be relabelled, so the {', '.join(stops)} it applied "
            "cannot be lifted and stays in force; record why it was never asked for with `privacybot cases note`"
        )


def _refuse_what_a_later_message_asked_for(store: Store, case: Case, kinds: Sequence[str]) -> None:
    """A stop that a later message of the case asked for too is genuine, whatever staff make of the first message:
    it is not lifted. Each message after the first is in the trail as `message_in` with the labels read from it
    (handlers.case_intake.add_to_case), whether or not they added to the case's labels; one without them is taken as
    having asked (when in doubt, the stop stays)."""
    if not kinds:
        return
    for event in store.events(case.id):
        if event.kind != "message_in":
            continue
        asked = json.loads(event.detail or "{}").get("labels")
        for kind in kinds:
            if asked is None or kind in asked:
                raise Refused(
                    f"a later message of this case (received {event.at:%Y-%m-%d %H:%M} UTC) asked for {kind} too, "
                    f"so it stays in force: keep {kind} among the labels and relabel without {LIFT_FLAG} {kind}. "
                    "Should that message not have asked for it either, the stop still stays; record why with "
                    "`privacybot cases note`"
                )


def _lift_stops(store: Store, case: Case, kinds: Sequence[str], actor: str, now: datetime) -> tuple[str, ...]:
    """Lift the stops staff found were never asked for (the rules read one that was not there).

    Each outcome is in the trail under the staff member's name: a lifted stop with what became of the account, or a
    stop kept because another case asks for it (that case now holds this case's row) or because this case never
    recorded it (the address had it before).
    """
    address = stop_address(case.requester_address)
    said: list[str] = []
    for kind in kinds:
        done = lift_stop(store, kind, case.id, address, case.customer_number, stop_address)
        asking = done.kept_for
        if asking is not None:
            why = f"case {asking.reference}, {asking.why}, asks for it too"
            store.add_event(
                case.id,
                now,
                actor,
                f"{kind}_kept",
                reason=why,
                kept_for=asking.reference,
                rows_handed_over=done.handed_over,
            )
            said.append(f"{kind} stays in force ({why})")
        elif not done.lifted:
            store.add_event(case.id, now, actor, f"{kind}_kept", reason=STOP_KEPT)
            said.append(f"{kind} stays in force ({STOP_KEPT})")
        for stop in done.lifted:
            store.add_event(
                case.id,
                now,
                actor,
                f"{kind}_lifted",
                account_restored=stop.account_restored,
                account=stop.account,
                customer_number=stop.customer_number,
            )
            said.append(f"{kind} lifted ({stop.account})")
    return tuple(said)


def verify(store: Store, case: Case, how: str, actor: str, now: datetime) -> Done:
    """Staff confirmed the requester's identity another way (LEGAL.md §4: record that a check was done, and how)."""
    status = _move(store, case, "verify", actor, now, "verified", how=_text(how, "how the identity was checked"))
    case.verified = True
    return Done(case.reference or "", status)


def extend(store: Store, case: Case, reason: str, actor: str, now: datetime, options: PipelineOptions) -> Done:
    """Art. 12(3): once, with a reason, told to the requester no later than the nominal one-month date."""
    reason = _text(reason, "the reason for the extension")
    new_deadline = extended_deadline(case.received_at)
    status = _move(store, case, "extend", actor, now, "extended", reason=reason, deadline=new_deadline.isoformat())
    case.extended_deadline, case.extension_reason, case.extended_at = new_deadline, reason, now
    context = {
        "reason": reason,
        "deadline": case.deadline.isoformat(),
        "new_deadline": new_deadline.isoformat(),
        "new_deadline_long": long_date(new_deadline, case.language),
    }
    return Done(case.reference or "", status, _notice(store, case, "extension", context, actor, now, options))


def complete(
    store: Store,
    case: Case,
    outcomes: Mapping[str, str],
    actor: str,
    now: datetime,
    options: PipelineOptions,
    partial: bool = False,
) -> Done:
    """Close the case as done, with what was done for each right (and, when `partial`, what was not and why)."""
    labels = labels_of(case)
    unknown = sorted(set(outcomes) - set(labels))
    if unknown:
        raise Refused(f"the case has no {', '.join(unknown)}; its labels are {', '.join(labels)}")
    missing = [label for label in labels if label not in outcomes]
    if missing:
        raise Refused(f"say what was done for every label of the case; missing: {', '.join(missing)}")
    done = {label: _text(outcomes[label], f"the outcome for {label}") for label in labels}
    status = _move(store, case, "complete", actor, now, "completed", outcome=done, partial=partial)
    case.outcome = json.dumps(done, ensure_ascii=False)
    context = {"outcomes": list(done.items()), "partial": partial}
    return Done(case.reference or "", status, _notice(store, case, "completed", context, actor, now, options))


def reject(
    store: Store, case: Case, ground: str, reason: str, actor: str, now: datetime, options: PipelineOptions
) -> Done:
    """Refuse to act (Art. 12(4)-(5)); ground `unverified` closes the case as unverified instead (LEGAL.md §4)."""
    if ground not in REJECT_GROUNDS:
        raise Refused(f"unknown ground {ground!r}; one of {', '.join(REJECT_GROUNDS)}")
    reason = _text(reason, "the reason")
    if ground == "unverified":
        return close_unverified(store, case, reason, actor, now, options)
    status = _move(store, case, "reject", actor, now, "rejected", ground=ground, reason=reason)
    case.outcome = json.dumps({"ground": ground, "reason": reason}, ensure_ascii=False)
    context = {"ground": ground, "reason": reason}
    return Done(case.reference or "", status, _notice(store, case, "rejected", context, actor, now, options))


def close_unverified(
    store: Store, case: Case, reason: str, actor: str, now: datetime, options: PipelineOptions
) -> Done:
    """The requester never proved who they are: close, and tell them, with their rights (LEGAL.md §4, §5)."""
    reason = _text(reason, "the reason")
    status = _move(store, case, "close_unverified", actor, now, "closed_unverified", reason=reason)
    case.outcome = json.dumps({"ground": "unverified", "reason": reason}, ensure_ascii=False)
    context = {"reason": reason}
    return Done(case.reference or "", status, _notice(store, case, "closed_unverified", context, actor, now, options))


def withdraw(store: Store, case: Case, reason: str, actor: str, now: datetime, options: PipelineOptions) -> Done:
    """The requester took the request back: close the case and confirm it to them."""
    reason = reason.strip()[:MAX_TEXT]
    status = _move(store, case, "withdraw", actor, now, "withdrawn", reason=reason)
    case.outcome = json.dumps({"reason": reason} if reason else {}, ensure_ascii=False)
    notice = _notice(store, case, "withdrawn", {"reason": reason}, actor, now, options)
    return Done(case.reference or "", status, notice)
