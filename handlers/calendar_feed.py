"""A calendar feed (RFC 5545) of the deadlines of open cases, for staff to subscribe to (`privacybot cases ics`).

All-day events on the deadline in force, and on the nominal one-month date for Art. 12(3) cases that are not extended
(the last day to send an extension notice). Calendars are often someone else's service, so events carry the
reference, the kind of request and the status only, and every text is masked for CPR and card numbers.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from handlers.case_rules import STATUTORY
from handlers.deadlines import nominal_deadline
from handlers.masking import mask_personal_numbers
from handlers.replies import template_language
from storage.models import Case

_WORDS = {
    "da": {
        "name": "privacybot: frister",
        "deadline": "Frist {reference} ({labels})",
        "extension": "Beslut om forlængelse: {reference} ({labels})",
        "status": "Status",
        "rule": "Regel",
        "assignee": "Ansvarlig",
        "extension_note": "Sidste dag for at sende meddelelse om forlængelse (artikel 12, stk. 3).",
    },
    "en": {
        "name": "privacybot: deadlines",
        "deadline": "Deadline {reference} ({labels})",
        "extension": "Decide on extension: {reference} ({labels})",
        "status": "Status",
        "rule": "Rule",
        "assignee": "Assigned to",
        "extension_note": "Last day to send an extension notice (Art. 12(3)).",
    },
}


def escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74  # continuation lines start with one space
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return "\r\n ".join(out)


def _event(uid: str, stamp: str, day: date, summary: str, description: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape(mask_personal_numbers(summary))}",
        f"DESCRIPTION:{escape(mask_personal_numbers(description))}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar(cases: Iterable[Case], now: datetime, domain: str, language: str, today: date) -> str:
    """The whole feed as text with CRLF line ends; `cases` are the open cases."""
    words = _WORDS[template_language(language)]
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//privacybot//case deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(words['name'])}",
        "X-WR-TIMEZONE:Europe/Copenhagen",
    ]
    for case in cases:
        labels = [label for label in case.labels.split(",") if label]
        shown = {"reference": case.reference, "labels": ", ".join(labels)}
        details = [f"{words['status']}: {case.status}", f"{words['rule']}: {case.deadline_rule}"]
        if case.assignee:
            details.append(f"{words['assignee']}: {case.assignee}")
        deadline = case.extended_deadline or case.deadline
        summary = words["deadline"].format(**shown)
        lines += _event(f"{case.reference}-deadline@{domain}", stamp, deadline, summary, "\n".join(details))
        nominal = nominal_deadline(case.received_at)
        statutory = bool(STATUTORY & set(labels)) or case.triage
        if statutory and case.extended_deadline is None and nominal >= today:
            lines += _event(
                f"{case.reference}-extension@{domain}",
                stamp,
                nominal,
                words["extension"].format(**shown),
                words["extension_note"],
            )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
