"""`privacybot cases ...` (list, show, the staff decisions, export, ics), `privacybot remind` and `privacybot purge`.

Heavy imports stay inside the commands so `--help` answers at once. The staff member acting is `--by NAME`, else
$PRIVACYBOT_STAFF_NAME, else the operating-system user; the name goes into the audit trail.
"""

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from handlers.case_rules import STOPS
from handlers.labels import LABELS, chosen_labels

STATUSES = (
    "received",
    "awaiting_verification",
    "open",
    "in_progress",
    "completed",
    "rejected",
    "withdrawn",
    "closed_unverified",
)
GROUNDS = ("manifestly_unfounded", "excessive", "exemption", "unverified", "other")
REFERENCE_HELP = "case reference, e.g. PRV-2026-000123"


def register(sub: argparse._SubParsersAction, cases_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the case commands under `cases`, and `remind` and `purge` at the top level."""
    listing = cases_sub.add_parser("list", help="list cases, oldest first, with filters")
    listing.add_argument("--status", choices=STATUSES, help="only cases in this status")
    listing.add_argument("--label", choices=LABELS, help="only cases with this label")
    listing.add_argument(
        "--due-within", type=_days, metavar="DAYS", help="open cases due within DAYS calendar days (overdue included)"
    )
    listing.add_argument("--overdue", action="store_true", help="open cases whose deadline has passed")
    listing.add_argument(
        "--triage",
        action="store_true",
        help="open cases awaiting triage (the bot was unsure what they ask for; settle each with `cases relabel`)",
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array of every matching case")
    listing.add_argument(
        "--limit",
        type=_count,
        default=200,
        metavar="N",
        help="show at most N cases in the table (default 200; 0: all); --json always lists every match",
    )
    listing.set_defaults(func=cmd_list)

    show = cases_sub.add_parser("show", help="one case with its messages and audit trail")
    show.add_argument("reference", metavar="REF", help=REFERENCE_HELP)
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=cmd_show)

    assign = _decision(cases_sub, "assign", "give the case to a member of staff (an open case becomes in_progress)")
    assign.add_argument("assignee", metavar="NAME", help="who takes the case")

    note = _decision(cases_sub, "note", "add an internal note to the audit trail (never sent to the requester)")
    note.add_argument("text", metavar="TEXT", help="the note")

    reply = _decision(cases_sub, "reply", "send the requester a message, threaded to the case")
    given = reply.add_mutually_exclusive_group()
    given.add_argument("--text", help="the message text (wrapped in the greeting and signature)")
    given.add_argument("--file", type=Path, help="read the message text from FILE ('-' for stdin)")
    reply.add_argument(
        "--template", default="reply", help="a named template (da/ and en/ in the templates folder); default: reply"
    )

    relabel = _decision(
        cases_sub,
        "relabel",
        "settle what the message asks for: new labels replace the bot's reading and end its triage; the deadline "
        "follows the new labels, a stop takes effect at once, a right that needs it starts the identity check (the "
        "requester is asked to confirm it is them; a code goes to the account's registered address). A stop "
        "(marketing_optout, consent_withdrawal) this case applied is lifted only when named with --lift-stop; labels "
        "that drop it without that are refused. A closed case cannot be relabelled, so its stop cannot be lifted",
    )
    relabel.add_argument(
        "labels", metavar="LABEL[,LABEL]", type=_labels, help=f"the labels, comma-separated: {', '.join(LABELS)}"
    )
    relabel.add_argument("--reason", required=True, help="why (internal, for the audit trail)")
    relabel.add_argument(
        "--lift-stop",
        action="append",
        default=[],
        choices=STOPS,
        metavar="KIND",
        help=f"lift this stop ({', '.join(STOPS)}), which the case applied but was never asked for; repeat for both. "
        "Its opt-out is removed and the account restored to its state before this case, but the stop stays in force "
        "while another case asks for it (from the same address or, for marketing, about the same account) and is "
        "refused when a later message of this case asked for it too",
    )

    verify = _decision(cases_sub, "verify", "record that staff confirmed the requester's identity")
    verify.add_argument(
        "--how", required=True, help="how it was checked, e.g. 'called the phone number on the account'"
    )

    extend = _decision(
        cases_sub, "extend", "extend the deadline by two months (Art. 12(3)): once, by the nominal one-month date"
    )
    extend.add_argument("--reason", required=True, help="why more time is needed; it is told to the requester")

    complete = _decision(cases_sub, "complete", "close the case as done, with the outcome for each right")
    complete.add_argument(
        "--outcome",
        action="append",
        required=True,
        metavar="[RIGHT=]TEXT",
        help="what was done, e.g. 'erasure=Account deleted; invoices kept 5 years (bookkeeping act)'; "
        "repeat per right; without RIGHT= it covers every right not named",
    )
    complete.add_argument("--partial", action="store_true", help="part of the request was not carried out")

    reject = _decision(cases_sub, "reject", "refuse the request (Art. 12(4)-(5)); the notice names the reasons")
    reject.add_argument("--ground", choices=GROUNDS, required=True, help="unverified closes it as closed_unverified")
    reject.add_argument("--reason", required=True, help="the reasons, told to the requester")

    withdraw = _decision(cases_sub, "withdraw", "close the case because the requester withdrew it")
    withdraw.add_argument("--reason", default="", help="an optional note for the requester")

    export = cases_sub.add_parser(
        "export", help="the case register (dates, labels, deadlines, extensions, outcomes) for audits"
    )
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="csv (default) or json")
    export.add_argument("--output", type=Path, help="write to this file instead of stdout")
    export.set_defaults(func=cmd_export)

    ics = cases_sub.add_parser("ics", help="a calendar feed (iCalendar) of the deadlines of open cases")
    ics.add_argument("--output", type=Path, help="write to this file (replaced atomically) instead of stdout")
    ics.set_defaults(func=cmd_ics)

    remind = sub.add_parser("remind", help="one reminder pass: digests of due deadlines to the staff addresses")
    remind.add_argument("--at", type=_instant, metavar="ISO-INSTANT", help="as if at this instant (with offset)")
    remind.add_argument("--dry-run", action="store_true", help="show what is due; record and send nothing")
    remind.add_argument("--json", action="store_true", help="print JSON")
    remind.set_defaults(func=cmd_remind)

    purge = sub.add_parser(
        "purge", help="apply the retention rules: empty old message bodies, delete expired case records"
    )
    purge.add_argument("--dry-run", action="store_true", help="count what would go; change nothing")
    purge.add_argument("--by", help="who runs it (default: $PRIVACYBOT_STAFF_NAME or the OS user)")
    purge.add_argument("--json", action="store_true", help="print JSON")
    purge.set_defaults(func=cmd_purge)


def _decision(cases_sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    parser = cases_sub.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("reference", metavar="REF", help=REFERENCE_HELP)
    parser.add_argument("--by", help="who decides (default: $PRIVACYBOT_STAFF_NAME or the OS user)")
    parser.add_argument("--json", action="store_true", help="print the case after the decision as JSON")
    parser.set_defaults(func=lambda args: cmd_decide(args, name))
    return parser


def _labels(value: str) -> list[str]:
    try:
        return chosen_labels(value.split(","))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _days(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"DAYS must be a whole number of days, got {value!r}")
    return int(value)


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"N must be a whole number (0 for all), got {value!r}")
    return int(value)


def _instant(value: str) -> datetime:
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 instant") from None
    if at.tzinfo is None:
        raise argparse.ArgumentTypeError("the instant needs an offset, e.g. 2026-12-21T09:00:00+01:00 or ...Z")
    return at.astimezone(UTC)


def staff_name(args: argparse.Namespace) -> str:
    return (getattr(args, "by", None) or os.environ.get("PRIVACYBOT_STAFF_NAME") or getpass.getuser()).strip()[:64]


def utc_now() -> datetime:
    return datetime.now(UTC)


# -- list and show -----------------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from bot.cli import open_reader
    from handlers.case_listing import case_summary
    from handlers.case_states import ACTIVE
    from handlers.reminders import local_date

    today = local_date(utc_now())
    reader = open_reader()
    try:
        with reader.snapshot():
            found, total = reader.case_summaries(
                status=args.status,
                label=args.label,
                due_by=today + timedelta(days=args.due_within) if args.due_within is not None else None,
                overdue_on=today if args.overdue else None,
                triage=args.triage,
                open_statuses=ACTIVE,
                limit=None if args.json or args.limit == 0 else args.limit,
            )
    finally:
        reader.close()
    rows = [case_summary(case) for case in found]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))  # one line: the C encoder (indent would use the slow one)
        return 0
    if not rows:
        print("No cases.")
        return 0
    lines = [f"{'REFERENCE':<17} {'STATUS':<22} {'DEADLINE':<10} {'LANG':<5} LABELS"]
    for row in rows:
        flag = "  (triage)" if row["triage"] else ""
        labels = ",".join(row["labels"])
        lines.append(
            f"{row['reference']:<17} {row['status']:<22} {row['deadline']:<10} {row['language']:<5} {labels}{flag}"
        )
    if total > len(rows):
        lines.append(
            f"... {len(rows)} of {total} cases shown, oldest first: narrow with --status, --label, --overdue "
            "or --due-within, or show more with --limit N (0: all) or --json"
        )
    print("\n".join(lines))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from bot.cli import open_reader
    from handlers.case_listing import case_details

    reader = open_reader()
    try:
        with reader.snapshot():
            case = reader.case_by_reference(args.reference)
            trail = reader.case_trail(case.id) if case is not None else None
    finally:
        reader.close()
    if case is None or trail is None:
        print(f"privacybot cases show: no case {args.reference}; `privacybot cases list` shows them", file=sys.stderr)
        return 1
    record = case_details(
        case,
        reminders=trail.reminders,
        messages_in=trail.messages_in,
        messages_out=trail.messages_out,
        events=trail.events,
    )
    if args.json:
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    print_case(record)
    return 0


def print_case(record: dict[str, Any]) -> None:
    print(f"{record['reference']}  {record['status']}  ({record['channel']}, {record['language']})")
    print(f"  requester:  {record['requester']} {record['requester_name']}".rstrip())
    print(f"  subject:    {record['subject']}")
    triage = "  (triage: check the understanding)" if record["triage"] else ""
    print(f"  labels:     {', '.join(record['labels'])}{triage}")
    print(f"  received:   {record['received_at']}")
    print(f"  deadline:   {record['deadline']}  ({record['deadline_rule']})")
    if record["extended_deadline"]:
        print(f"  extended:   {record['extended_deadline']}  ({record['extension_reason']})")
    print(f"  verified:   {'yes' if record['verified'] else 'no'}")
    if record.get("assignee"):
        print(f"  assigned:   {record['assignee']}")
    if record.get("closed_at"):
        print(f"  closed:     {record['closed_at']}")
    for key, text in (record.get("outcome") or {}).items():
        print(f"  outcome:    {key}: {text}")
    print("  trail:")
    for event in record["events"]:
        detail = ", ".join(f"{k}={v}" for k, v in event["detail"].items() if k != "evidence")
        print(f"    {event['at']}  {event['actor']:<12} {event['kind']:<18} {detail}")


# -- decisions ---------------------------------------------------------------------------------------------------


def outcomes_from(values: list[str], labels: list[str]) -> dict[str, str]:
    """`RIGHT=TEXT` items per right; a bare TEXT covers every right of the case not named."""
    named: dict[str, str] = {}
    rest: list[str] = []
    for value in values:
        right, sep, text = value.partition("=")
        if sep and right.strip() in LABELS:
            named[right.strip()] = text.strip()
        else:
            rest.append(value.strip())
    if rest:
        for label in labels:
            named.setdefault(label, " ".join(rest))
    return named


def read_reply_text(args: argparse.Namespace) -> str:
    if args.file is None:
        return args.text or ""
    if str(args.file) == "-":
        return sys.stdin.read()
    return args.file.read_text(encoding="utf-8")


def _action(args: argparse.Namespace, name: str) -> Callable[..., Any]:
    """The decision as a call on (store, case, actor, now, options)."""
    from handlers import decisions

    if name == "assign":
        return lambda store, case, actor, now, _o: decisions.assign(store, case, args.assignee, actor, now)
    if name == "note":
        return lambda store, case, actor, now, _o: decisions.note(store, case, args.text, actor, now)
    if name == "reply":
        text = read_reply_text(args)
        return lambda store, case, actor, now, o: decisions.reply(store, case, text, actor, now, o, args.template)
    if name == "relabel":
        labels, reason, lift = args.labels, args.reason, args.lift_stop
        return lambda store, case, actor, now, o: decisions.relabel(store, case, labels, reason, actor, now, o, lift)
    if name == "verify":
        return lambda store, case, actor, now, _o: decisions.verify(store, case, args.how, actor, now)
    if name == "extend":
        return lambda store, case, actor, now, o: decisions.extend(store, case, args.reason, actor, now, o)
    if name == "complete":
        return lambda store, case, actor, now, o: decisions.complete(
            store, case, outcomes_from(args.outcome, decisions.labels_of(case)), actor, now, o, args.partial
        )
    if name == "reject":
        return lambda store, case, actor, now, o: decisions.reject(store, case, args.ground, args.reason, actor, now, o)
    return lambda store, case, actor, now, o: decisions.withdraw(store, case, args.reason, actor, now, o)


def cmd_decide(args: argparse.Namespace, name: str) -> int:
    from bot.cli import open_database
    from bot.config import load_settings
    from bot.secret_key import secret_key
    from handlers.case_states import Refused
    from handlers.case_view import case_record

    settings = load_settings()
    # Notices need the mailbox, company and templates; only a relabel may issue a code, so only it reads the code key.
    options = settings.pipeline_options(secret_key(settings) if name == "relabel" else b"")
    try:
        action = _action(args, name)
    except OSError as exc:
        print(f"privacybot cases {name}: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    db = open_database()
    try:
        with db.transaction() as store:
            case = store.case_by_reference(args.reference)
            if case is None:
                print(f"privacybot cases {name}: no case {args.reference}", file=sys.stderr)
                return 1
            done = action(store, case, staff_name(args), utc_now(), options)
            record = case_record(store, case)
    except Refused as exc:
        print(f"privacybot cases {name}: {args.reference.upper()} refused: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(
            json.dumps({"notice": done.notice, "stops": list(done.stops), "case": record}, ensure_ascii=False, indent=2)
        )
        return 0
    line = f"{done.reference}: {name} recorded; status {done.status}"
    if name == "extend":
        line += f"; new deadline {record['extended_deadline']}"
    if name == "relabel":
        line += f"; labels {','.join(record['labels'])}; deadline {record['extended_deadline'] or record['deadline']}"
        line += "".join(f"; {said}" for said in done.stops)
    if done.notice:
        line += f"; '{done.notice}' notice queued to the requester"
    print(line)
    return 0


# -- register, calendar, reminders, retention --------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from bot.cli import open_database
    from handlers.register import write_csv, write_json
    from storage.staff_queries import all_cases

    write = write_csv if args.format == "csv" else write_json
    db = open_database()
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        with db.transaction() as store:
            count = write(all_cases(store), out)
    finally:
        if args.output:
            out.close()
    if args.output:
        print(f"{count} case(s) written to {args.output}", file=sys.stderr)
    return 0


def cmd_ics(args: argparse.Namespace) -> int:
    from bot.cli import open_database
    from bot.config import load_settings
    from handlers.calendar_feed import calendar
    from handlers.case_states import ACTIVE
    from handlers.reminders import local_date
    from storage.staff_queries import cases_in_statuses

    settings = load_settings()
    now = utc_now()
    db = open_database()
    with db.transaction() as store:
        feed = calendar(
            cases_in_statuses(store, ACTIVE),
            now,
            settings.message_id_domain,
            settings.staff.staff_language,
            local_date(now),
        )
    if args.output is None:
        sys.stdout.write(feed)
        return 0
    tmp = args.output.with_name(args.output.name + ".tmp")
    tmp.write_text(feed, encoding="utf-8", newline="")
    tmp.replace(args.output)  # subscribers never read a half-written feed
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    from bot.cli import open_database
    from bot.config import load_settings
    from handlers.reminder_sweep import remind
    from handlers.reminders import local_date
    from handlers.staff_digest import render_digest

    settings = load_settings()
    at = args.at or utc_now()
    db = open_database()
    result = remind(db, at, settings.pipeline_options(b""), settings.staff, dry_run=args.dry_run, now=utc_now())
    if args.json:
        print(
            json.dumps(
                {
                    "at": at.isoformat(),
                    "dry_run": result.dry_run,
                    "skipped": result.skipped,
                    "digests_queued": result.digests_queued,
                    "reminders": [
                        {
                            "reference": r.reference,
                            "kind": r.kind,
                            "stage": r.stage,
                            "date": r.date.isoformat(),
                            "deadline": r.deadline.isoformat(),
                            "working_days": r.working_days,
                        }
                        for r in result.reminders
                    ],
                },
                indent=2,
            )
        )
        return 0
    if result.skipped:
        print(f"No reminders sent: {result.skipped}.")
        return 0
    if not result.reminders:
        print("Nothing due: every due reminder has already been sent.")
        return 0
    cases = len({r.case_id for r in result.reminders})
    if result.dry_run:
        print(f"Dry run: {len(result.reminders)} reminder(s) for {cases} case(s) are due; nothing recorded or sent.\n")
        print(render_digest(result.reminders, local_date(at), settings.staff.staff_language).text)
        return 0
    told = (
        [f"{result.digests_queued} digest(s) to {', '.join(settings.staff.staff_emails)}"]
        if result.digests_queued
        else []
    )
    if settings.pipeline_options(b"").chat.staff_chat is not None:
        told.append("a message to the staff chat")
    print(f"{len(result.reminders)} reminder(s) for {cases} case(s) recorded; queued {' and '.join(told)}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from bot.cli import open_database
    from bot.config import load_settings
    from handlers.retention import purge

    settings = load_settings()
    db = open_database()
    report = purge(db, utc_now(), settings.staff, staff_name(args), dry_run=args.dry_run)
    summary = {
        "dry_run": report.dry_run,
        "cases_bodies_purged": report.cases_bodies_purged,
        "messages_emptied": report.messages_emptied,
        "unlinked_bodies_purged": report.unlinked_bodies_purged,
        "cases_deleted": report.cases_deleted,
        "deleted_references": list(report.deleted_references),
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    verb = "would be" if report.dry_run else "were"
    print(
        f"Message bodies of {report.cases_bodies_purged} closed case(s) and {report.unlinked_bodies_purged} "
        f"unlinked message(s) {verb} emptied; {report.cases_deleted} case record(s) {verb} deleted "
        f"(bodies kept {settings.staff.body_retention_days} days, records {settings.staff.retention_years} years)."
    )
    return 0
