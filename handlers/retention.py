"""Retention: a closed case keeps its record (dates, labels, decisions, audit trail) for `retention_years` to show
compliance, while message bodies are emptied `body_retention_days` after closing; mail that belongs to no case is
emptied the same time after it arrived. `privacybot purge` and the service's daily job run `purge`.

Each run is audited: a `bodies_purged` event on every case it emptied, a retention_run row with the counts and the
references of the cases it deleted, and a log line with counts only.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.deadlines import add_months
from handlers.staff_options import StaffOptions
from storage.models import RetentionRun
from storage.retention_queries import (
    add_retention_run,
    cases_closed_before,
    cases_with_bodies_closed_before,
    count_unlinked_bodies,
    delete_cases,
    empty_case_bodies,
    empty_unlinked_bodies,
    last_retention_run,
)
from storage.store import Database

log = logging.getLogger(__name__)

BATCH = 500  # cases per transaction: keeps each write lock short on a large register


@dataclass(frozen=True)
class PurgeReport:
    at: datetime
    dry_run: bool
    cases_bodies_purged: int
    messages_emptied: int  # raw and outgoing messages of those cases (0 in a dry run: not counted)
    unlinked_bodies_purged: int
    cases_deleted: int
    deleted_references: tuple[str, ...]


def body_cutoff(now: datetime, options: StaffOptions) -> datetime:
    return now - timedelta(days=options.body_retention_days)


def record_cutoff(now: datetime, options: StaffOptions) -> datetime:
    """`retention_years` calendar years back (29 February falls back to the 28th)."""
    day = add_months(now.date(), -12 * options.retention_years)
    return datetime.combine(day, now.timetz())


def purge(db: Database, now: datetime, options: StaffOptions, actor: str, dry_run: bool = False) -> PurgeReport:
    """Delete cases past the record period, then empty bodies past the body period; a dry run only counts."""
    records, bodies = record_cutoff(now, options), body_cutoff(now, options)
    if dry_run:
        with db.transaction() as store:
            doomed = cases_closed_before(store, records)
            deleted = {case_id for case_id, _ in doomed}
            emptied_cases = [i for i in cases_with_bodies_closed_before(store, bodies) if i not in deleted]
            unlinked = count_unlinked_bodies(store, bodies)
        return PurgeReport(now, True, len(emptied_cases), 0, unlinked, len(doomed), tuple(r for _, r in doomed))

    references: list[str] = []
    while True:
        with db.transaction() as store:
            batch = cases_closed_before(store, records, BATCH)
            delete_cases(store, [case_id for case_id, _ in batch])
        references += [reference for _, reference in batch]
        if len(batch) < BATCH:
            break

    purged_cases = emptied = 0
    while True:
        with db.transaction() as store:
            ids = cases_with_bodies_closed_before(store, bodies, BATCH)
            if ids:
                emptied += empty_case_bodies(store, ids, now)
                for case_id in ids:
                    store.add_event(case_id, now, actor, "bodies_purged", retention_days=options.body_retention_days)
        purged_cases += len(ids)
        if len(ids) < BATCH:
            break

    with db.transaction() as store:
        unlinked = empty_unlinked_bodies(store, bodies)
        add_retention_run(
            store,
            RetentionRun(
                at=now,
                actor=actor[:64],
                cases_bodies_purged=purged_cases,
                unlinked_bodies_purged=unlinked,
                cases_deleted=len(references),
                deleted_references=json.dumps(references),
            ),
        )
    log.info(
        "purge: bodies of %d case(s) (%d message(s)) and %d unlinked message(s) emptied; %d case(s) deleted",
        purged_cases,
        emptied,
        unlinked,
        len(references),
    )
    return PurgeReport(now, False, purged_cases, emptied, unlinked, len(references), tuple(references))


def purge_due(db: Database, now: datetime, every: timedelta = timedelta(hours=23)) -> bool:
    """Whether the daily job should run: no run (by any instance) within `every`."""
    with db.transaction() as store:
        last = last_retention_run(store)
    return last is None or now - last >= every
