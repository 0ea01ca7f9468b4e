"""`privacybot status`: is the service up, and is anything waiting or failing? For the operator and for monitoring.

It reads the database only (heartbeats the running instances write, the inbound queue, the outbox, the cases), so it
works with the service stopped and from any machine that reaches the database; it never migrates or creates it.
"""

import argparse
import json
from datetime import UTC, datetime

EXIT_CODES = """exit codes (as monitoring plugins use them):
  0  OK        every configured channel is up in a running instance; nothing needs a person
  1  WARNING   quarantined messages, outgoing messages retrying or given up (last 7 days), overdue cases,
               or stored mail not processed (or outgoing mail not sent) for more than 5 minutes
  2  CRITICAL  no running instance, a configured channel down (no fresh heartbeat saying up within 60 s),
               or the database missing, unreachable or not migrated (the message says what to do)

Channels: smtp, worker and sender always; imap when PRIVACYBOT_IMAP_HOST is set, telegram when
PRIVACYBOT_TELEGRAM_TOKEN is set (or when a running instance reports them). Run it with the service's configuration."""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    status = sub.add_parser(
        "status",
        help="are the channels up; backlog, failing outgoing mail and overdue cases (exit 0 OK, 1 WARNING, 2 CRITICAL)",
        description="Whether each channel is up, the backlog of unprocessed and quarantined messages, outgoing "
        "messages waiting or failing, and overdue cases; read from the database only.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    status.add_argument("--json", action="store_true", help="print one JSON object (same exit code)")
    status.set_defaults(func=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.status_report import FAILED_WINDOW, assess, configured_channels, render, unavailable
    from handlers.case_states import ACTIVE
    from handlers.reminders import local_date
    from storage.plain_reads import DatabaseUnreadable
    from storage.status_queries import open_for_status, read_figures
    from storage.urls import shown_url

    settings = load_settings()
    now = datetime.now(UTC)
    database = shown_url(settings.database)
    try:
        reader = open_for_status(settings.database)
        try:
            figures = read_figures(reader, now, local_date(now), ACTIVE, now - FAILED_WINDOW)
        finally:
            reader.close()
    except DatabaseUnreadable as exc:
        report = unavailable(str(exc), now, database)
    else:
        report = assess(figures, configured_channels(settings), now, database)
    print(json.dumps(report, ensure_ascii=False) if args.json else render(report, now))
    return report["exit_code"]
