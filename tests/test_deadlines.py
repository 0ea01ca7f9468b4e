"""Hand-checked vectors for handlers.deadlines (LEGAL.md sections 2-3).

Every expected value was worked out from a printed calendar, not by calling the code under test. Easter Sundays
used below: 2023-04-09, 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16. From Easter Sunday E:
Skaertorsdag E-3, Langfredag E-2, 2. paaskedag E+1, Store bededag E+26 (until 2023), Kristi himmelfartsdag E+39,
Pinsedag E+49, 2. pinsedag E+50. Daylight saving in Copenhagen 2026: starts Sun 29 March at 01:00 UTC
(02:00 CET -> 03:00 CEST), ends Sun 25 October at 01:00 UTC (03:00 CEST -> 02:00 CET).
"""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from handlers.deadlines import (
    COPENHAGEN,
    add_months,
    add_working_days,
    deadline_end,
    extended_deadline,
    internal_sla_deadline,
    is_working_day,
    local_receipt_date,
    next_working_day,
    nominal_deadline,
    statutory_deadline,
    working_days_between,
)

CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))


def utc(year: int, month: int, day: int, hour: int = 12, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def cph(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=COPENHAGEN)


# --------------------------------------------------------------------------------------------- add_months
@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2026, 1, 15), 1, date(2026, 2, 15), id="mid-month-plain"),
        pytest.param(date(2026, 1, 31), 1, date(2026, 2, 28), id="31jan-to-28feb-common-year"),
        pytest.param(date(2028, 1, 31), 1, date(2028, 2, 29), id="31jan-to-29feb-leap-year"),
        pytest.param(date(2027, 1, 29), 1, date(2027, 2, 28), id="29jan-clamped-2027"),
        pytest.param(date(2026, 8, 31), 1, date(2026, 9, 30), id="31aug-to-30sep"),
        pytest.param(date(2026, 3, 31), 1, date(2026, 4, 30), id="31mar-to-30apr"),
        pytest.param(date(2026, 11, 30), 1, date(2026, 12, 30), id="30nov-to-30dec-not-31"),
        pytest.param(date(2026, 12, 31), 1, date(2027, 1, 31), id="31dec-to-31jan-year-rollover"),
        pytest.param(date(2026, 5, 31), 3, date(2026, 8, 31), id="31may-plus-3"),
        pytest.param(date(2026, 6, 30), 2, date(2026, 8, 30), id="30jun-plus-2-keeps-30"),
        pytest.param(date(2026, 11, 30), 3, date(2027, 2, 28), id="30nov-plus-3-common"),
        pytest.param(date(2027, 11, 30), 3, date(2028, 2, 29), id="30nov-plus-3-leap"),
        pytest.param(date(2026, 1, 31), 12, date(2027, 1, 31), id="plus-12-months"),
        pytest.param(date(2026, 3, 31), -1, date(2026, 2, 28), id="minus-1-clamped"),
        pytest.param(date(2026, 1, 15), 0, date(2026, 1, 15), id="zero-months"),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# ----------------------------------------------------------------------------------------- is_working_day
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Plain weekdays and weekends.
        pytest.param(date(2026, 1, 15), True, id="thursday"),
        pytest.param(date(2026, 1, 2), True, id="2jan-friday"),
        pytest.param(date(2026, 2, 28), False, id="saturday"),
        pytest.param(date(2026, 3, 1), False, id="sunday"),
        # Public holidays that fall on weekdays (Easter 2026 = 5 April, 2027 = 28 March).
        pytest.param(date(2026, 1, 1), False, id="nytaarsdag-2026-thu"),
        pytest.param(date(2026, 4, 2), False, id="skaertorsdag-2026"),
        pytest.param(date(2026, 4, 3), False, id="langfredag-2026"),
        pytest.param(date(2026, 4, 6), False, id="2-paaskedag-2026"),
        pytest.param(date(2026, 4, 7), True, id="tuesday-after-easter-2026"),
        pytest.param(date(2027, 3, 25), False, id="skaertorsdag-2027"),
        pytest.param(date(2027, 3, 26), False, id="langfredag-2027"),
        pytest.param(date(2027, 3, 29), False, id="2-paaskedag-2027"),
        pytest.param(date(2026, 5, 14), False, id="kristi-himmelfart-2026"),
        pytest.param(date(2026, 5, 15), True, id="friday-after-ascension-2026"),
        pytest.param(date(2027, 5, 6), False, id="kristi-himmelfart-2027"),
        pytest.param(date(2026, 5, 25), False, id="2-pinsedag-2026"),
        pytest.param(date(2027, 5, 17), False, id="2-pinsedag-2027"),
        pytest.param(date(2025, 12, 25), False, id="juledag-2025-thu"),
        pytest.param(date(2025, 12, 26), False, id="2-juledag-2025-fri"),
        pytest.param(date(2026, 12, 25), False, id="juledag-2026-fri"),
        # Store bededag: 4th Friday after Easter, abolished from 2024.
        pytest.param(date(2023, 5, 5), False, id="store-bededag-2023-holiday"),
        pytest.param(date(2024, 4, 26), True, id="former-store-bededag-2024-working"),
        pytest.param(date(2025, 5, 16), True, id="former-store-bededag-2025-working"),
        # Not public holidays (LEGAL 2.3): working days when they fall Mon-Fri.
        pytest.param(date(2026, 6, 5), True, id="grundlovsdag-2026-fri-working"),
        pytest.param(date(2026, 5, 1), True, id="1-may-2026-fri-working"),
        pytest.param(date(2026, 12, 24), True, id="24dec-2026-thu-working"),
        pytest.param(date(2026, 12, 31), True, id="31dec-2026-thu-working"),
        pytest.param(date(2025, 12, 24), True, id="24dec-2025-wed-working"),
        # 5 June 2028 is Grundlovsdag AND 2. pinsedag (Easter 16 April + 50): a holiday through Pentecost.
        pytest.param(date(2028, 6, 5), False, id="grundlovsdag-2028-is-also-2-pinsedag"),
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


# --------------------------------------------------------------------------------------- next_working_day
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 3, 2), date(2026, 3, 2), id="monday-stays"),
        pytest.param(date(2026, 2, 28), date(2026, 3, 2), id="saturday-to-monday"),
        pytest.param(date(2026, 3, 1), date(2026, 3, 2), id="sunday-to-monday"),
        # Thu 2 Apr, Fri 3 Apr, Sat, Sun 5 Apr, Mon 6 Apr are all off -> Tue 7 Apr.
        pytest.param(date(2026, 4, 2), date(2026, 4, 7), id="skaertorsdag-through-easter"),
        pytest.param(date(2026, 4, 4), date(2026, 4, 7), id="easter-saturday"),
        # Thu 25 and Fri 26 Dec 2025 holidays, then weekend -> Mon 29 Dec.
        pytest.param(date(2025, 12, 25), date(2025, 12, 29), id="christmas-2025"),
        # Fri 1 Jan 2027, then weekend -> Mon 4 Jan.
        pytest.param(date(2027, 1, 1), date(2027, 1, 4), id="new-year-2027-fri"),
        # Sun 24 May 2026 Pinsedag, Mon 25 May 2. pinsedag -> Tue 26 May.
        pytest.param(date(2026, 5, 24), date(2026, 5, 26), id="pinsedag-2026"),
        # Fri 5 May 2023 Store bededag, then weekend -> Mon 8 May.
        pytest.param(date(2023, 5, 5), date(2023, 5, 8), id="store-bededag-2023"),
        # Sat 22 Dec 2029 -> Mon 24 Dec (24 Dec is a working day).
        pytest.param(date(2029, 12, 22), date(2029, 12, 24), id="weekend-to-24dec"),
        # Sun 30 Dec 2029 -> Mon 31 Dec (31 Dec is a working day).
        pytest.param(date(2029, 12, 30), date(2029, 12, 31), id="weekend-to-31dec"),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


# ------------------------------------------------------------------------------------- local_receipt_date
@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        pytest.param(utc(2026, 1, 15, 10), date(2026, 1, 15), id="plain-utc-midday"),
        # 23:30 UTC in winter is 00:30 CET the next day.
        pytest.param(utc(2026, 1, 31, 23, 30), date(2026, 2, 1), id="late-utc-is-next-local-day"),
        pytest.param(utc(2026, 1, 31, 22, 59, 59), date(2026, 1, 31), id="last-second-of-local-day-winter"),
        pytest.param(utc(2026, 1, 31, 23, 0, 0), date(2026, 2, 1), id="first-second-of-local-day-winter"),
        # Summer: 22:00 UTC is already 00:00 CEST.
        pytest.param(utc(2026, 7, 1, 22, 0), date(2026, 7, 2), id="summer-22utc-is-next-local-day"),
        pytest.param(utc(2026, 7, 1, 21, 59, 59), date(2026, 7, 1), id="summer-21-59-utc-same-day"),
        # Spring change, Sun 29 Mar 2026.
        pytest.param(utc(2026, 3, 28, 22, 59), date(2026, 3, 28), id="dst-start-eve-23-59-cet"),
        pytest.param(utc(2026, 3, 28, 23, 30), date(2026, 3, 29), id="dst-start-00-30-cet"),
        pytest.param(utc(2026, 3, 29, 0, 30), date(2026, 3, 29), id="dst-start-01-30-cet"),
        pytest.param(utc(2026, 3, 29, 1, 30), date(2026, 3, 29), id="dst-start-03-30-cest"),
        pytest.param(utc(2026, 3, 29, 21, 59, 59), date(2026, 3, 29), id="dst-start-day-last-second-cest"),
        # 22:30 UTC is 00:30 CEST on 30 Mar; a fixed +1 offset would wrongly say 23:30 on 29 Mar.
        pytest.param(utc(2026, 3, 29, 22, 30), date(2026, 3, 30), id="dst-start-evening-needs-plus-2"),
        # Autumn change, Sun 25 Oct 2026.
        pytest.param(utc(2026, 10, 24, 21, 59, 59), date(2026, 10, 24), id="dst-end-eve-last-second-cest"),
        pytest.param(utc(2026, 10, 24, 22, 0), date(2026, 10, 25), id="dst-end-00-00-cest"),
        pytest.param(utc(2026, 10, 25, 0, 30), date(2026, 10, 25), id="dst-end-first-02-30-cest"),
        pytest.param(utc(2026, 10, 25, 1, 30), date(2026, 10, 25), id="dst-end-second-02-30-cet"),
        pytest.param(utc(2026, 10, 25, 22, 59), date(2026, 10, 25), id="dst-end-day-23-59-cet"),
        pytest.param(utc(2026, 10, 25, 23, 0), date(2026, 10, 26), id="dst-end-day-next-midnight-cet"),
        # Aware inputs in other zones are converted, not read at face value.
        pytest.param(
            datetime(2026, 6, 30, 23, 30, tzinfo=timezone(timedelta(hours=-4))),
            date(2026, 7, 1),
            id="new-york-evening-is-copenhagen-morning",
        ),
        pytest.param(
            datetime(2026, 7, 1, 1, 0, tzinfo=timezone(timedelta(hours=9))),
            date(2026, 6, 30),
            id="tokyo-early-morning-is-copenhagen-previous-evening",
        ),
        pytest.param(
            datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=COPENHAGEN),
            date(2026, 10, 25),
            id="copenhagen-aware-ambiguous-hour",
        ),
    ],
)
def test_local_receipt_date(received_at: datetime, expected: date) -> None:
    assert local_receipt_date(received_at) == expected


@pytest.mark.parametrize(
    "func",
    [
        pytest.param(local_receipt_date, id="local_receipt_date"),
        pytest.param(statutory_deadline, id="statutory_deadline"),
        pytest.param(nominal_deadline, id="nominal_deadline"),
        pytest.param(extended_deadline, id="extended_deadline"),
        pytest.param(lambda dt: internal_sla_deadline(dt, 1), id="internal_sla_deadline"),
    ],
)
def test_naive_datetime_is_rejected(func) -> None:
    with pytest.raises(ValueError):
        func(datetime(2026, 1, 15, 12, 0))


# ------------------------------------------------------------------------------------- statutory_deadline
@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        # Thu 15 Jan -> 15 Feb 2026 is a Sunday -> Mon 16 Feb.
        pytest.param(cph(2026, 1, 15), date(2026, 2, 16), id="n-on-sunday"),
        # 31 Jan -> 28 Feb 2026 (Sat) -> Mon 2 Mar.
        pytest.param(cph(2026, 1, 31), date(2026, 3, 2), id="31jan-28feb-saturday"),
        # 31 Jan 2028 -> 29 Feb 2028, a Tuesday.
        pytest.param(cph(2028, 1, 31), date(2028, 2, 29), id="31jan-leap-29feb-tuesday"),
        # 29/30/31 Jan 2027 -> 28 Feb 2027 (Sun) -> Mon 1 Mar.
        pytest.param(cph(2027, 1, 29), date(2027, 3, 1), id="29jan-2027"),
        pytest.param(cph(2027, 1, 30), date(2027, 3, 1), id="30jan-2027"),
        pytest.param(cph(2027, 1, 31), date(2027, 3, 1), id="31jan-2027"),
        # 31 Aug -> 30 Sep 2026, a Wednesday.
        pytest.param(cph(2026, 8, 31), date(2026, 9, 30), id="31aug-30sep"),
        # 30 Nov -> 30 Dec 2026, a Wednesday (not 31 Dec).
        pytest.param(cph(2026, 11, 30), date(2026, 12, 30), id="30nov-30dec"),
        # 31 Dec 2026 -> 31 Jan 2027 (Sun) -> Mon 1 Feb.
        pytest.param(cph(2026, 12, 31), date(2027, 2, 1), id="31dec-31jan-sunday"),
        # Receipt on Sat 10 Jan does not move D: 10 Feb 2026 is a Tuesday.
        pytest.param(cph(2026, 1, 10), date(2026, 2, 10), id="weekend-receipt-keeps-d"),
        # 23:30 UTC 31 Jan = 00:30 1 Feb local -> 1 Mar 2026 (Sun) -> Mon 2 Mar.
        pytest.param(utc(2026, 1, 31, 23, 30), date(2026, 3, 2), id="late-utc-next-local-day"),
        # 23:30 UTC 27 Feb = 00:30 28 Feb local -> 28 Mar (Sat) -> Mon 30 Mar (UTC date would give Fri 27 Mar).
        pytest.param(utc(2026, 2, 27, 23, 30), date(2026, 3, 30), id="late-utc-changes-result"),
        # Easter 2026: N = Thu 2 Apr Skaertorsdag or Mon 6 Apr 2. paaskedag -> Tue 7 Apr.
        pytest.param(cph(2026, 3, 2), date(2026, 4, 7), id="n-skaertorsdag-2026"),
        pytest.param(cph(2026, 3, 3), date(2026, 4, 7), id="n-langfredag-2026"),
        pytest.param(cph(2026, 3, 6), date(2026, 4, 7), id="n-2-paaskedag-2026"),
        # Easter 2027: Thu 25 Mar .. Mon 29 Mar off -> Tue 30 Mar.
        pytest.param(cph(2027, 2, 25), date(2027, 3, 30), id="n-skaertorsdag-2027"),
        pytest.param(cph(2027, 2, 26), date(2027, 3, 30), id="n-langfredag-2027"),
        # Ascension Thu 14 May 2026 -> Fri 15 May.
        pytest.param(cph(2026, 4, 14), date(2026, 5, 15), id="n-kristi-himmelfart-2026"),
        # Ascension Thu 6 May 2027 -> Fri 7 May.
        pytest.param(cph(2027, 4, 6), date(2027, 5, 7), id="n-kristi-himmelfart-2027"),
        # Pentecost 2026: Sun 24 May, Mon 25 May -> Tue 26 May.
        pytest.param(cph(2026, 4, 24), date(2026, 5, 26), id="n-pinsedag-2026"),
        pytest.param(cph(2026, 4, 25), date(2026, 5, 26), id="n-2-pinsedag-2026"),
        # Christmas: Fri 25 Dec 2026, weekend -> Mon 28 Dec; Fri 26 Dec 2025 -> Mon 29 Dec.
        pytest.param(cph(2026, 11, 25), date(2026, 12, 28), id="n-juledag-2026"),
        pytest.param(cph(2025, 11, 26), date(2025, 12, 29), id="n-2-juledag-2025"),
        # New Year: Thu 1 Jan 2026 -> Fri 2 Jan; Fri 1 Jan 2027 -> Mon 4 Jan.
        pytest.param(cph(2025, 12, 1), date(2026, 1, 2), id="n-nytaarsdag-2026"),
        pytest.param(cph(2026, 12, 1), date(2027, 1, 4), id="n-nytaarsdag-2027"),
        # Store bededag Fri 5 May 2023 -> Mon 8 May; Fri 26 Apr 2024 is an ordinary working day.
        pytest.param(cph(2023, 4, 5), date(2023, 5, 8), id="n-store-bededag-2023"),
        pytest.param(cph(2024, 3, 26), date(2024, 4, 26), id="n-former-store-bededag-2024"),
        # Not public holidays: the deadline stays on them.
        pytest.param(cph(2026, 5, 5), date(2026, 6, 5), id="n-grundlovsdag-2026"),
        pytest.param(cph(2026, 4, 1), date(2026, 5, 1), id="n-1-may-2026"),
        pytest.param(cph(2026, 11, 24), date(2026, 12, 24), id="n-24dec-2026"),
        # 30 Dec 2029 is a Sunday -> Mon 31 Dec.
        pytest.param(cph(2029, 11, 30), date(2029, 12, 31), id="shift-onto-31dec-2029"),
        # D = 30 Mar (22:30 UTC 29 Mar is 00:30 CEST) -> Thu 30 Apr; a fixed +1 offset would give 29 Apr.
        pytest.param(utc(2026, 3, 29, 22, 30), date(2026, 4, 30), id="dst-start-evening"),
        # D = 25 Oct (22:00 UTC 24 Oct is 00:00 CEST) -> Wed 25 Nov.
        pytest.param(utc(2026, 10, 24, 22, 0), date(2026, 11, 25), id="dst-end-midnight"),
    ],
)
def test_statutory_deadline(received_at: datetime, expected: date) -> None:
    assert statutory_deadline(received_at) == expected


# --------------------------------------------------------------------------------------- nominal_deadline
@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        # Not shifted even though 28 Feb 2026 is a Saturday: the extension notice must go by then.
        pytest.param(cph(2026, 1, 31), date(2026, 2, 28), id="saturday-not-shifted"),
        # Skaertorsdag 2 Apr 2026 is not shifted either.
        pytest.param(cph(2026, 3, 2), date(2026, 4, 2), id="holiday-not-shifted"),
        # Local date 1 Feb -> 1 Mar 2026 (a Sunday).
        pytest.param(utc(2026, 1, 31, 23, 30), date(2026, 3, 1), id="late-utc-next-local-day"),
        pytest.param(cph(2026, 12, 31), date(2027, 1, 31), id="31dec-31jan"),
        pytest.param(cph(2028, 1, 31), date(2028, 2, 29), id="leap-29feb"),
    ],
)
def test_nominal_deadline(received_at: datetime, expected: date) -> None:
    assert nominal_deadline(received_at) == expected


# -------------------------------------------------------------------------------------- extended_deadline
@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        # 31 May 2027: 3 months -> Tue 31 Aug; 1 month -> 30 Jun, +2 -> Mon 30 Aug. Earlier: 30 Aug.
        pytest.param(cph(2027, 5, 31), date(2027, 8, 30), id="31may-2027-readings-differ"),
        # 31 May 2026: 31 Aug (Mon) vs 30 Aug (Sun); earlier 30 Aug shifts to Mon 31 Aug.
        pytest.param(cph(2026, 5, 31), date(2026, 8, 31), id="31may-2026-differ-then-shift"),
        # 31 Jan 2026: 3 months -> 30 Apr; 28 Feb +2 -> Tue 28 Apr. Counting from the shifted
        # one-month date (Mon 2 Mar) would wrongly give 2 May.
        pytest.param(cph(2026, 1, 31), date(2026, 4, 28), id="31jan-2026-differ"),
        # 29 Jan 2027: 3 months -> Thu 29 Apr; 28 Feb +2 -> Wed 28 Apr.
        pytest.param(cph(2027, 1, 29), date(2027, 4, 28), id="29jan-2027-differ"),
        # 31 Jan 2028: 30 Apr (Sun) vs 29 Feb +2 = 29 Apr (Sat) -> Mon 1 May (1 May is a working day).
        pytest.param(cph(2028, 1, 31), date(2028, 5, 1), id="31jan-2028-leap-differ-shift-to-1-may"),
        # 31 Oct 2026: 31 Jan 2027 (Sun) vs 30 Nov +2 = 30 Jan (Sat) -> Mon 1 Feb.
        pytest.param(cph(2026, 10, 31), date(2027, 2, 1), id="31oct-2026-differ-shift"),
        # 31 Dec 2026: both readings give Wed 31 Mar 2027 (after Easter Monday 29 Mar).
        pytest.param(cph(2026, 12, 31), date(2027, 3, 31), id="31dec-same"),
        # 30 Nov 2026: both give 28 Feb 2027 (Sun) -> Mon 1 Mar.
        pytest.param(cph(2026, 11, 30), date(2027, 3, 1), id="30nov-2026-same-shift"),
        # 30 Nov 2027: both give 29 Feb 2028, a Tuesday.
        pytest.param(cph(2027, 11, 30), date(2028, 2, 29), id="30nov-2027-leap"),
        # 31 Jul 2026: both give 31 Oct (Sat) -> Mon 2 Nov.
        pytest.param(cph(2026, 7, 31), date(2026, 11, 2), id="31jul-same-saturday"),
        # 25 Dec 2026: both give Thu 25 Mar 2027 Skaertorsdag -> Tue 30 Mar.
        pytest.param(cph(2026, 12, 25), date(2027, 3, 30), id="lands-on-easter-2027"),
        # Local date matters: 23:30 UTC 31 Jan 2026 is 1 Feb -> 1 May 2026 (Fri, working).
        pytest.param(utc(2026, 1, 31, 23, 30), date(2026, 5, 1), id="late-utc-next-local-day"),
    ],
)
def test_extended_deadline(received_at: datetime, expected: date) -> None:
    assert extended_deadline(received_at) == expected


# ------------------------------------------------------------------------------------------- deadline_end
@pytest.mark.parametrize(
    ("day", "expected_utc"),
    [
        # Winter, CET = UTC+1: 23:59:59 local is 22:59:59 UTC.
        pytest.param(date(2026, 1, 15), utc(2026, 1, 15, 22, 59, 59), id="winter-plus-1"),
        pytest.param(date(2026, 12, 31), utc(2026, 12, 31, 22, 59, 59), id="31dec-plus-1"),
        # Summer, CEST = UTC+2: 23:59:59 local is 21:59:59 UTC.
        pytest.param(date(2026, 7, 15), utc(2026, 7, 15, 21, 59, 59), id="summer-plus-2"),
        # Sat 28 Mar 2026 still CET; Sun 29 Mar evening already CEST.
        pytest.param(date(2026, 3, 28), utc(2026, 3, 28, 22, 59, 59), id="day-before-dst-start"),
        pytest.param(date(2026, 3, 29), utc(2026, 3, 29, 21, 59, 59), id="dst-start-day"),
        # Sat 24 Oct 2026 still CEST; Sun 25 Oct evening already CET.
        pytest.param(date(2026, 10, 24), utc(2026, 10, 24, 21, 59, 59), id="day-before-dst-end"),
        pytest.param(date(2026, 10, 25), utc(2026, 10, 25, 22, 59, 59), id="dst-end-day"),
    ],
)
def test_deadline_end(day: date, expected_utc: datetime) -> None:
    end = deadline_end(day)
    assert end == expected_utc
    assert end.utcoffset() == timedelta(0)
    local = end.astimezone(COPENHAGEN)
    assert (local.date(), local.hour, local.minute, local.second) == (day, 23, 59, 59)


def test_deadline_end_offsets_match_fixed_zones() -> None:
    # The same wall-clock time, expressed with explicit fixed offsets for winter and summer.
    assert deadline_end(date(2026, 2, 2)) == datetime(2026, 2, 2, 23, 59, 59, tzinfo=CET)
    assert deadline_end(date(2026, 8, 3)) == datetime(2026, 8, 3, 23, 59, 59, tzinfo=CEST)


# --------------------------------------------------------------------------------------- add_working_days
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(date(2026, 1, 15), 0, date(2026, 1, 15), id="zero-on-working-day"),
        pytest.param(date(2026, 2, 28), 0, date(2026, 3, 2), id="zero-on-saturday"),
        pytest.param(date(2026, 1, 15), 1, date(2026, 1, 16), id="thu-plus-1"),
        pytest.param(date(2026, 1, 16), 1, date(2026, 1, 19), id="fri-plus-1-skips-weekend"),
        pytest.param(date(2026, 1, 17), 1, date(2026, 1, 19), id="sat-plus-1"),
        # Thu 15 Jan: 16 | 19 20 21 22 23 | 26 27 28 29 -> tenth is Thu 29 Jan.
        pytest.param(date(2026, 1, 15), 10, date(2026, 1, 29), id="plus-10-two-weekends"),
        # Wed 1 Apr 2026: 2, 3 Apr holidays, weekend, 6 Apr holiday -> Tue 7 Apr.
        pytest.param(date(2026, 4, 1), 1, date(2026, 4, 7), id="across-easter"),
        # Tue 31 Mar: 1 Apr, 7 Apr, 8 Apr.
        pytest.param(date(2026, 3, 31), 3, date(2026, 4, 8), id="plus-3-across-easter"),
        # Tue 23 Dec 2025: 24 Dec is a working day.
        pytest.param(date(2025, 12, 23), 1, date(2025, 12, 24), id="christmas-eve-counts"),
        # 24 | (25, 26 holidays, weekend) 29.
        pytest.param(date(2025, 12, 23), 2, date(2025, 12, 29), id="across-christmas"),
        # 24, 29, 30, 31 | (1 Jan holiday) 2 Jan.
        pytest.param(date(2025, 12, 23), 5, date(2026, 1, 2), id="across-christmas-and-new-year"),
        # Wed 13 May 2026: Thu 14 Ascension -> Fri 15.
        pytest.param(date(2026, 5, 13), 1, date(2026, 5, 15), id="across-ascension"),
        # Fri 22 May 2026: weekend, Mon 25 2. pinsedag -> Tue 26.
        pytest.param(date(2026, 5, 22), 1, date(2026, 5, 26), id="across-pentecost"),
        # Thu 4 May 2023: Fri 5 Store bededag, weekend -> Mon 8.
        pytest.param(date(2023, 5, 4), 1, date(2023, 5, 8), id="store-bededag-2023"),
        # Thu 25 Apr 2024: Fri 26 is an ordinary day now.
        pytest.param(date(2024, 4, 25), 1, date(2024, 4, 26), id="no-store-bededag-2024"),
        # Thu 4 Jun 2026: Fri 5 Jun Grundlovsdag is a working day.
        pytest.param(date(2026, 6, 4), 1, date(2026, 6, 5), id="grundlovsdag-counts"),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_add_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 15), -1)


# ----------------------------------------------------------------------------------- working_days_between
@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(date(2026, 1, 15), date(2026, 1, 15), 0, id="same-day"),
        pytest.param(date(2026, 1, 15), date(2026, 1, 16), 1, id="thu-to-fri"),
        pytest.param(date(2026, 1, 16), date(2026, 1, 19), 1, id="fri-to-mon"),
        pytest.param(date(2026, 1, 16), date(2026, 1, 18), 0, id="fri-to-sun"),
        pytest.param(date(2026, 1, 15), date(2026, 1, 29), 10, id="two-weeks"),
        pytest.param(date(2026, 1, 29), date(2026, 1, 15), -10, id="two-weeks-backwards"),
        # (1 Apr, 7 Apr]: 2, 3, 6 Apr holidays, 4-5 weekend -> only 7 Apr.
        pytest.param(date(2026, 4, 1), date(2026, 4, 7), 1, id="easter-week"),
        pytest.param(date(2026, 3, 31), date(2026, 4, 8), 3, id="easter-1-7-8-april"),
        # (23 Dec 2025, 2 Jan 2026]: 24, 29, 30, 31 Dec and 2 Jan.
        pytest.param(date(2025, 12, 23), date(2026, 1, 2), 5, id="christmas-new-year"),
        pytest.param(date(2026, 1, 2), date(2025, 12, 23), -5, id="christmas-new-year-backwards"),
        # (4 May 2023, 8 May 2023]: Store bededag, weekend, Mon 8 -> 1.
        pytest.param(date(2023, 5, 4), date(2023, 5, 8), 1, id="store-bededag-2023"),
        # (25 Apr 2024, 29 Apr 2024]: Fri 26 and Mon 29 -> 2.
        pytest.param(date(2024, 4, 25), date(2024, 4, 29), 2, id="no-store-bededag-2024"),
        # 2026 starts and ends on a Thursday: 261 weekdays. (1 Jan, 31 Dec] drops Thu 1 Jan -> 260, minus
        # weekday holidays Skaertorsdag, Langfredag, 2. paaskedag, Kristi himmelfart, 2. pinsedag, Juledag
        # (Fri 25 Dec; 2. juledag is a Saturday) = 6 -> 254.
        pytest.param(date(2026, 1, 1), date(2026, 12, 31), 254, id="whole-year-2026"),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


# ---------------------------------------------------------------------------------- internal_sla_deadline
@pytest.mark.parametrize(
    ("received_at", "working_days", "expected"),
    [
        # Thu 15 Jan + 10 working days -> Thu 29 Jan.
        pytest.param(cph(2026, 1, 15, 9), 10, date(2026, 1, 29), id="complaint-10-days"),
        # 23:30 UTC Thu 15 Jan is Fri 16 Jan local -> +1 -> Mon 19 Jan (UTC date would give Fri 16).
        pytest.param(utc(2026, 1, 15, 23, 30), 1, date(2026, 1, 19), id="late-utc-local-friday"),
        # Consent withdrawal on Wed 1 Apr 2026: next working day is Tue 7 Apr.
        pytest.param(cph(2026, 4, 1, 10), 1, date(2026, 4, 7), id="consent-across-easter"),
        # Sat 17 Jan with 0 days -> Mon 19 Jan.
        pytest.param(utc(2026, 1, 17, 10), 0, date(2026, 1, 19), id="zero-days-on-saturday"),
        # Tue 23 Dec 2025: 24, 29, 30, 31 Dec, 2, 5, 6, 7, 8, 9 Jan -> Fri 9 Jan.
        pytest.param(cph(2025, 12, 23, 10), 10, date(2026, 1, 9), id="complaint-across-christmas"),
    ],
)
def test_internal_sla_deadline(received_at: datetime, working_days: int, expected: date) -> None:
    assert internal_sla_deadline(received_at, working_days) == expected


# ---------------------------------------------------------------------------------------------- round trips
def test_add_working_days_and_working_days_between_agree() -> None:
    # n working days after d is exactly n working days away, across a holiday-dense stretch.
    start = date(2026, 3, 27)
    for n in range(1, 40):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_copenhagen_zone() -> None:
    assert COPENHAGEN.key == "Europe/Copenhagen"
