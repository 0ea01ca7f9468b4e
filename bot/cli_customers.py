"""`privacybot customers ...`: import accounts from CSV, list the opt-outs that took effect."""

import argparse
import json
import sys
from pathlib import Path

BATCH = 2000


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    customers = sub.add_parser("customers", help="customer accounts: import, opt-outs")
    customers_sub = customers.add_subparsers(title="customer commands", metavar="COMMAND")
    customers.set_defaults(func=lambda _args: (customers.print_help(), 2)[1])

    importing = customers_sub.add_parser(
        "import", help="import or update accounts from a CSV file (customer_number,name,email[,phone])"
    )
    importing.add_argument("file", metavar="FILE.csv", type=Path, help="UTF-8 CSV with a header row")
    importing.add_argument("--json", action="store_true", help="print the summary as JSON")
    importing.set_defaults(func=cmd_import)

    stops = customers_sub.add_parser("optouts", help="marketing opt-outs and consent withdrawals, oldest first")
    stops.add_argument("--kind", choices=("marketing_optout", "consent_withdrawal"), help="only this kind")
    stops.add_argument("--json", action="store_true", help="print a JSON array")
    stops.set_defaults(func=cmd_optouts)


def cmd_import(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from bot.cli import open_database
    from bot.progress import Progress
    from storage.account_queries import ImportRow, import_batch
    from verification.accounts_csv import CsvFormatError, Rejected, read_rows

    path: Path = args.file
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            total = max(sum(1 for _ in handle) - 1, 0)
            handle.seek(0)
            db = open_database()
            progress = Progress(total, f"Importing {path.name}")
            counts = {"created": 0, "updated": 0, "unchanged": 0}
            rejected: list[Rejected] = []
            batch: list[ImportRow] = []

            def flush() -> None:
                with db.transaction() as store:
                    created, updated, unchanged = import_batch(store, batch, datetime.now(UTC))
                counts["created"] += created
                counts["updated"] += updated
                counts["unchanged"] += unchanged
                progress.advance(len(batch))
                batch.clear()

            for item in read_rows(handle):
                if isinstance(item, Rejected):
                    rejected.append(item)
                    progress.advance(1)
                    continue
                batch.append(item)
                if len(batch) >= BATCH:
                    flush()
            if batch:
                flush()
            progress.finish()
    except FileNotFoundError:
        print(f"privacybot customers import: {path} does not exist", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"privacybot customers import: {path} is not UTF-8; save it as UTF-8 CSV", file=sys.stderr)
        return 2
    except CsvFormatError as exc:
        print(f"privacybot customers import: {path}: {exc}", file=sys.stderr)
        return 2
    summary = {**counts, "rejected": [vars(r) for r in rejected]}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(
            f"{counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{len(rejected)} rejected"
        )
        for r in rejected:
            print(f"  line {r.line} {r.customer_number or '(no number)'}: {r.reason}")
    return 1 if rejected else 0


def cmd_optouts(args: argparse.Namespace) -> int:
    from bot.cli import open_database
    from storage.account_queries import optouts

    db = open_database()
    with db.transaction() as store:
        rows = [
            {"kind": o.kind, "address": o.address, "customer_number": o.customer_number, "at": o.at.isoformat()}
            for o in optouts(store, args.kind)
        ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(f"{row['at']}  {row['kind']:<19} {row['address']}  {row['customer_number'] or ''}".rstrip())
    if not rows:
        print("No opt-outs.")
    return 0
