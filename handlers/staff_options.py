"""What staff work needs to know about the deployment: who gets reminders, when, and how long records are kept.

Built by bot.config from the settings and passed in (no global config).
"""

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True)
class StaffOptions:
    staff_emails: tuple[str, ...] = ()
    staff_language: str = "da"  # digests and the calendar feed
    reminder_offsets: tuple[int, ...] = (7, 3, 1)  # working days before the deadline (SPEC Staff reminders)
    extension_warning_working_days: int = 5  # "extension decision due" starts this many working days before N
    working_hours: tuple[time, time] = (time(8, 0), time(16, 0))  # Europe/Copenhagen, on working days
    retention_years: int = 5  # closed case records (dates, labels, decisions, trail)
    body_retention_days: int = 365  # message bodies and attachments after closing
