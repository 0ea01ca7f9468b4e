"""The staff reminder digest: one e-mail per staff address per pass, and the same news as chat text.

The e-mail may carry the case subject (masked: no CPR or card numbers); the chat text carries only the reference, the
kind of request and the date, because the staff chat is a third party's service (SPEC: personal data inside the bot).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from handlers.masking import mask_personal_numbers
from handlers.reminders import APPROACHING, DUE_TODAY, EXTENSION, KINDS, OVERDUE, TRIAGE
from handlers.replies import Rendered, one_line, render, template_language

DIGEST_ROWS = 200  # per section of an e-mail; a backlog beyond that is a list for `privacybot cases list`
CHAT_ROWS = 20  # per section of a chat message (Telegram caps a message at 4096 characters)


@dataclass(frozen=True)
class Reminder:
    """One reminder stage of one case, as staff read it."""

    case_id: int
    reference: str
    kind: str
    stage: str
    date: date  # the deadline, the nominal date (extension), the overdue day or the day of arrival (triage)
    deadline: date  # the deadline in force
    working_days: int  # negative when overdue, or the working days a case has awaited triage
    labels: tuple[str, ...]
    status: str
    assignee: str | None
    subject: str  # already masked and on one line


def safe_subject(subject: str) -> str:
    return mask_personal_numbers(one_line(subject, 120))


def _item(reminder: Reminder) -> dict[str, Any]:
    shown = reminder.deadline if reminder.kind == OVERDUE else reminder.date
    return {
        "reference": reminder.reference,
        "labels": ", ".join(reminder.labels),
        "date": shown.isoformat(),
        "days": abs(reminder.working_days),
        "status": reminder.status,
        "assignee": reminder.assignee,
        "subject": reminder.subject,
    }


def sections(reminders: Sequence[Reminder], limit: int = DIGEST_ROWS) -> list[dict[str, Any]]:
    """Most urgent first; inside a section, the earliest date first (the deadline; for triage, the day of arrival),
    at most `limit` rows and a count of the rest."""
    out = []
    for kind in KINDS:
        first = (lambda r: (r.date, r.reference)) if kind == TRIAGE else (lambda r: (r.deadline, r.reference))
        items = sorted((r for r in reminders if r.kind == kind), key=first)
        if items:
            out.append({"kind": kind, "rows": [_item(r) for r in items[:limit]], "more": max(len(items) - limit, 0)})
    return out


def render_digest(
    reminders: Sequence[Reminder], today: date, language: str, templates_dir: Path | None = None
) -> Rendered:
    context = {
        "today": today.isoformat(),
        "count": len(reminders),
        "overdue": sum(1 for r in reminders if r.kind == OVERDUE),
        "triage": sum(1 for r in reminders if r.kind == TRIAGE),
        "sections": sections(reminders),
    }
    return render("reminder_digest", language, context, templates_dir)


_CHAT_WORDS = {
    "da": {
        "title": "privacybot: frister {today}",
        OVERDUE: "Overskredet",
        DUE_TODAY: "Frist i dag",
        TRIAGE: "Venter på vurdering (tjek, hvad anmoderen beder om, og afgør det med privacybot cases relabel)",
        APPROACHING: "Frist snart",
        EXTENSION: "Beslut om forlængelse",
        "deadline": "frist",
        "by": "senest",
        "arrived": "modtaget",
        "waiting": "har ventet {days} arbejdsdag(e)",
        "overdue_by": "{days} arbejdsdag(e) over",
        "left": "om {days} arbejdsdag(e)",
        "more": "... og {more} mere",
    },
    "en": {
        "title": "privacybot: deadlines {today}",
        OVERDUE: "Overdue",
        DUE_TODAY: "Due today",
        TRIAGE: "Waiting for triage (check what the requester asks for, then settle it with privacybot cases relabel)",
        APPROACHING: "Due soon",
        EXTENSION: "Decide on extension",
        "deadline": "deadline",
        "by": "by",
        "arrived": "arrived",
        "waiting": "waiting {days} working day(s)",
        "overdue_by": "{days} working day(s) overdue",
        "left": "in {days} working day(s)",
        "more": "... and {more} more",
    },
}


def chat_text(reminders: Sequence[Reminder], today: date, language: str) -> str:
    """The digest for the staff chat: reference, kind of request and date only, never subject, name or address."""
    words = _CHAT_WORDS[template_language(language)]
    lines = [words["title"].format(today=today.isoformat())]
    for section in sections(reminders, CHAT_ROWS):
        lines.append("")
        lines.append(f"{words[section['kind']]}:")
        for item in section["rows"]:
            lines.append(f"- {item['reference']} ({item['labels']}) {_chat_when(section['kind'], item, words)}")
        if section["more"]:
            lines.append(words["more"].format(more=section["more"]))
    return "\n".join(lines)


def _chat_when(kind: str, item: dict[str, Any], words: dict[str, str]) -> str:
    """The date a chat line is about, and how far it is, in the section's own terms."""
    if kind == TRIAGE:
        waiting = ", " + words["waiting"].format(days=item["days"]) if item["days"] else ""
        return f"{words['arrived']} {item['date']}{waiting}"
    when = f"{words['by'] if kind == EXTENSION else words['deadline']} {item['date']}"
    if kind == OVERDUE:
        when += ", " + words["overdue_by"].format(days=item["days"])
    elif kind == APPROACHING:
        when += ", " + words["left"].format(days=item["days"])
    return when
