"""The `privacybot` command. Heavy libraries are imported inside each command, so `--help` answers at once."""

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from bot import cli_cases, cli_customers, cli_status

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    from bot.config import ConfigError
    from storage.plain_reads import DatabaseUnreadable

    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"privacybot: configuration error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except DatabaseUnreadable as exc:  # a read-only command's database cannot be reached: one line, no traceback
        print(f"privacybot: {exc}", file=sys.stderr)
        return 1
    finally:
        while _OPENED:  # pooled connections end with the command, also when it runs inside another program
            _OPENED.pop().dispose()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="privacybot",
        description="Answers a company's privacy mailbox: GDPR requests become tracked cases with legal deadlines.",
        epilog="Configuration: PRIVACYBOT_* environment variables, or a TOML file named by PRIVACYBOT_CONFIG.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = sub.add_parser("run", help="run every configured channel and worker (SMTP on 127.0.0.1:8025 by default)")
    run.set_defaults(func=cmd_run)

    demo = sub.add_parser("demo", help="a guided tour on throwaway data: real mail in, cases and replies out")
    demo.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    demo.set_defaults(func=cmd_demo)

    deadline = sub.add_parser("deadline", help="the statutory deadline for a request received at RECEIVED")
    deadline.add_argument(
        "received", metavar="RECEIVED", help="ISO 8601 instant with offset, e.g. 2026-01-31T09:00+01:00"
    )
    deadline.add_argument("--extended", action="store_true", help="the deadline after an Art. 12(3) extension")
    deadline.set_defaults(func=cmd_deadline)

    classify = sub.add_parser(
        "classify", help="label messages: JSON lines {id, subject, text} on stdin (or one plain-text message)"
    )
    classify.set_defaults(func=cmd_classify)

    answer = sub.add_parser(
        "answer", help="answer from the privacy policy: JSON lines {id, text} on stdin (or one plain question)"
    )
    answer.set_defaults(func=cmd_answer)

    cases = sub.add_parser(
        "cases", help="work with cases: list, show, assign, note, reply, verify, extend, complete, reject, export, ..."
    )
    cases_sub = cases.add_subparsers(title="case commands", metavar="COMMAND")
    cases.set_defaults(func=lambda _args: (cases.print_help(), 2)[1])
    cli_cases.register(sub, cases_sub)

    cli_customers.register(sub)
    cli_status.register(sub)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(title="database commands", metavar="COMMAND")
    db.set_defaults(func=lambda _args: (db.print_help(), 2)[1])
    upgrade = db_sub.add_parser("upgrade", help="apply the database migrations (run does this by itself)")
    upgrade.set_defaults(func=cmd_db_upgrade)
    return parser


def cmd_run(_args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.service import run
    from bot.service_log import configure_service_log

    configure_service_log()
    run(load_settings())
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    return run_demo(keep=args.keep)


def cmd_deadline(args: argparse.Namespace) -> int:
    from datetime import datetime

    from handlers.deadlines import extended_deadline, statutory_deadline

    try:
        received = datetime.fromisoformat(args.received)
    except ValueError:
        print(f"privacybot deadline: {args.received!r} is not an ISO 8601 instant", file=sys.stderr)
        return 2
    if received.tzinfo is None:
        print("privacybot deadline: RECEIVED needs an offset, e.g. 2026-03-29T01:30:00+01:00 or ...Z", file=sys.stderr)
        return 2
    day = extended_deadline(received) if args.extended else statutory_deadline(received)
    print(day.isoformat())
    return 0


def json_lines(command: str, handle: Callable[[dict[str, Any]], dict[str, Any]], plain: Callable[[str], dict]) -> int:
    """Run a JSON-lines filter on stdin: one object per line in, one answer per line out; plain text is one item."""
    data = sys.stdin.read()
    lines = [line for line in data.splitlines() if line.strip()]
    if not (lines and all(line.lstrip().startswith("{") for line in lines)):
        print(json.dumps(handle(plain(data)), ensure_ascii=False))
        return 0
    for number, line in enumerate(lines, 1):
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"privacybot {command}: line {number} is not JSON: {exc.msg}", file=sys.stderr)
            return 2
        if not isinstance(item, dict):
            print(f"privacybot {command}: line {number} is not a JSON object", file=sys.stderr)
            return 2
        print(json.dumps(handle(item), ensure_ascii=False), flush=True)
    return 0


def cmd_classify(_args: argparse.Namespace) -> int:
    from handlers.understanding import understand_json

    return json_lines("classify", understand_json, lambda text: {"id": None, "subject": "", "text": text})


def cmd_answer(_args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from handlers.policy import answer_json, load_policy

    knowledge = load_policy(load_settings().policy_file)
    return json_lines("answer", lambda item: answer_json(item, knowledge), lambda text: {"id": None, "text": text})


_OPENED: list[Any] = []  # databases the running command opened: `main` closes them when it ends


def open_database():  # type: ignore[no-untyped-def]
    from bot.config import load_settings
    from storage.store import Database

    settings = load_settings()
    settings.home.mkdir(parents=True, exist_ok=True)  # a fresh PRIVACYBOT_HOME holds the SQLite file
    db = Database(settings.database)
    _OPENED.append(db)
    if not db.at_head():
        db.upgrade()
    return db


def open_reader():  # type: ignore[no-untyped-def]
    """A plain read-only connection for listings (no SQLAlchemy import); migrates first only when not current.

    Raises DatabaseUnreadable (main prints it) when the database cannot be reached or read."""
    from bot.config import load_settings
    from storage.plain_reads import DatabaseUnreadable, PlainReader, unreadable_on_error
    from storage.urls import shown_url

    url = load_settings().database
    with unreadable_on_error(url):
        reader = PlainReader(url)
        if reader.at_head():
            return reader
        reader.close()
        open_database().dispose()
        reader = PlainReader(url)
        if reader.at_head():
            return reader
        reader.close()
    raise DatabaseUnreadable(
        f"cannot read the database at {shown_url(url)}: it has no privacybot schema after `db upgrade`"
    )


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from storage.migrate import current_revisions
    from storage.store import Database

    settings = load_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    db = Database(settings.database)
    db.upgrade()
    print(f"database at revision {', '.join(current_revisions(db.engine))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
