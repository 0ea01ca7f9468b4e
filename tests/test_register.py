"""The case register export (CSV and JSON) and the calendar feed: every case, how it was handled, no content, and
CPR/card numbers masked in what staff wrote."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from handlers import decisions
from handlers.calendar_feed import calendar
from handlers.case_states import ACTIVE
from handlers.register import COLUMNS, write_csv, write_json
from storage.staff_queries import all_cases, cases_in_statuses
from tests.staffing import ACCESS_EN, ERASURE_DA, OPTIONS, UNSUBSCRIBE_EN, receive_request


def three_cases(db, clock):  # noqa: ANN001, ANN201
    """An open erasure, an extended access request, and a rejected case whose reason holds a CPR number."""
    erasure = receive_request(db, clock(), "Slet mig, CPR 010203-1234", ERASURE_DA[1])
    access = receive_request(db, clock(), *ACCESS_EN, sender="John Carter <john@example.com>")
    rejected = receive_request(db, clock(), *UNSUBSCRIBE_EN, sender="ann@example.com")
    later = clock() + timedelta(days=1)
    with db.transaction() as store:
        decisions.extend(store, store.case_by_reference(access), "Four systems to search.", "alice", later, OPTIONS)
        reason = "Ingen data om CPR 010203-1234 eller kort 4111 1111 1111 1111."
        decisions.reject(store, store.case_by_reference(rejected), "other", reason, "alice", later, OPTIONS)
    return erasure, access, rejected


def test_csv_export_lists_every_case_with_handling_not_content(db, clock):
    erasure, access, rejected = three_cases(db, clock)
    out = io.StringIO()
    with db.transaction() as store:
        assert write_csv(all_cases(store, batch=2), out) == 3  # read in batches of two: all three still come out
    text = out.getvalue()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert [row["reference"] for row in rows] == [erasure, access, rejected]
    by_reference = {row["reference"]: row for row in rows}
    assert by_reference[access]["extended_deadline"] == "2027-02-24"
    assert by_reference[access]["extension_reason"] == "Four systems to search."
    assert by_reference[rejected]["status"] == "rejected"
    assert by_reference[rejected]["closed_at"].startswith("2026-11-25")
    assert by_reference[rejected]["outcome"].startswith("ground: other; reason: Ingen data om CPR ******-****")
    assert "**** **** **** 1111" in by_reference[rejected]["outcome"]
    assert by_reference[erasure]["labels"] == "erasure" and by_reference[erasure]["verified"] == "no"
    for leaked in ("010203-1234", "4111 1111", "mette", "john@example.com", "Slet mig", "Carter"):
        assert leaked not in text


def test_json_export_lists_every_case_as_typed_values(db, clock):
    erasure, access, rejected = three_cases(db, clock)
    out = io.StringIO()
    with db.transaction() as store:
        write_json(all_cases(store), out)
    rows = json.loads(out.getvalue())
    assert [row["reference"] for row in rows] == [erasure, access, rejected]
    assert all(set(row) == set(COLUMNS) for row in rows)
    assert rows[1]["labels"] == ["access"] and rows[1]["extended_at"].startswith("2026-11-25")
    assert rows[2]["outcome"]["ground"] == "other" and "010203" not in rows[2]["outcome"]["reason"]
    assert rows[0]["verified"] is False and rows[0]["closed_at"] is None


def test_json_export_of_an_empty_register_is_an_empty_array(db):
    out = io.StringIO()
    with db.transaction() as store:
        assert write_json(all_cases(store), out) == 0
    assert json.loads(out.getvalue()) == []


def test_calendar_feed_has_the_deadlines_of_open_cases_and_the_last_day_to_extend(db, clock):
    erasure, access, rejected = three_cases(db, clock)
    with db.transaction() as store:
        feed = calendar(cases_in_statuses(store, ACTIVE), clock(), "cloudservice.test", "en", clock().date())
    assert feed.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and feed.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in feed.split("\r\n"))
    unfolded = feed.replace("\r\n ", "")
    assert f"UID:{erasure}-deadline@cloudservice.test" in unfolded
    assert f"SUMMARY:Deadline {erasure} (erasure)" in unfolded and "DTSTART;VALUE=DATE:20261224" in unfolded
    assert f"UID:{erasure}-extension@cloudservice.test" in unfolded  # not extended yet: the last day to decide
    assert f"UID:{access}-deadline@cloudservice.test" in unfolded and "DTSTART;VALUE=DATE:20270224" in unfolded
    assert f"UID:{access}-extension@" not in unfolded  # already extended
    assert rejected not in unfolded  # closed
    assert "Slet mig" not in unfolded and "010203" not in unfolded and "mette" not in unfolded.lower()
    assert "DTSTAMP:20261124T080000Z" in unfolded


def test_calendar_feed_escapes_text_and_speaks_danish_when_staff_do(db, clock):
    receive_request(db, datetime(2026, 11, 24, 8, 0, tzinfo=UTC), *ERASURE_DA)
    with db.transaction() as store:
        feed = calendar(cases_in_statuses(store, ACTIVE), clock(), "cloudservice.test", "da", clock().date())
    unfolded = feed.replace("\r\n ", "")
    assert "SUMMARY:Frist PRV-" in unfolded and "Beslut om forlængelse" in unfolded
    assert "Regel: GDPR Art. 12(3): one month from receipt" in unfolded
    assert "\\n" in unfolded  # the description's line break is escaped, not raw
