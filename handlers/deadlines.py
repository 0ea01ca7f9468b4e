"""Statutory and internal deadlines for GDPR requests (LEGAL.md sections 2-3).

Pure calendar logic: callers pass the moment of receipt, nothing here reads the clock. Dates are computed in
Europe/Copenhagen local time because the law counts local calendar days; instants leave this module in UTC
because that is how they are stored.
"""

import calendar
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

COPENHAGEN: ZoneInfo = ZoneInfo("Europe/Copenhagen")

# Last second of a local day; LEGAL §2.4 says the deadline is the end of the day.
_END_OF_DAY = time(23, 59, 59)
_ONE_DAY = timedelta(days=1)


def local_receipt_date(received_at: datetime) -> date:
    """Local (Copenhagen) date D of receipt; a naive time is refused because its zone would be a guess."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    return received_at.astimezone(COPENHAGEN).date()


@lru_cache(maxsize=64)  # a few years are ever in play; bounded so a stray year cannot grow it
def _public_holidays(year: int) -> frozenset[date]:
    """Danish PUBLIC holidays of one year only (LEGAL §2.3): Grundlovsdag, 24/31 Dec, 1 May stay working days."""
    import holidays  # here, not at the top: ~80 ms that `cases list` and `--help` need not pay

    found = holidays.country_holidays("DK", years=year, language="da", categories=("public",))
    return frozenset(found.keys())


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Danish public holiday; only these days can end a statutory period."""
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it (LEGAL §2.3 shift)."""
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's last day (31 Jan + 1 -> 28/29 Feb, LEGAL §2.2)."""
    year, month_index = divmod(day.year * 12 + (day.month - 1) + months, 12)
    month = month_index + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day`; n=0 means `day` itself if working, else the next working day."""
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return next_working_day(day)
    while n > 0:
        day += _ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; negative when end < start, so overdue cases count down below zero."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        if is_working_day(day):
            count += 1
        day += _ONE_DAY
    return count


def nominal_deadline(received_at: datetime) -> date:
    """One calendar month from D without the holiday shift: the last day to send an extension notice (§3)."""
    return add_months(local_receipt_date(received_at), 1)


def statutory_deadline(received_at: datetime) -> date:
    """One month from D, moved forward past weekends and public holidays (LEGAL §2)."""
    return next_working_day(nominal_deadline(received_at))


def extended_deadline(received_at: datetime) -> date:
    """The earlier of 'D + 3 months' and 'D + 1 month + 2 months', then shifted (LEGAL §3: the safe reading)."""
    received = local_receipt_date(received_at)
    three_months = add_months(received, 3)
    one_then_two = add_months(add_months(received, 1), 2)
    return next_working_day(min(three_months, one_then_two))


def deadline_end(day: date) -> datetime:
    """23:59:59 Copenhagen time on `day` as an aware UTC instant; zoneinfo picks the right offset across DST."""
    return datetime.combine(day, _END_OF_DAY, tzinfo=COPENHAGEN).astimezone(UTC)


def internal_sla_deadline(received_at: datetime, working_days: int) -> date:
    """Internal SLA date: `working_days` working days after the local receipt date D (LEGAL §1)."""
    return add_working_days(local_receipt_date(received_at), working_days)
