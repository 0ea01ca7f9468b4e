"""Dates in a message, read with dateparser against the receipt time in Copenhagen: the period an access request
covers, and the day of an earlier request a complaint refers to."""

from datetime import UTC, date, datetime

import pytest

from handlers.dates import find_dates, warm_up

# Friday 10 April 2026, 10:00 in Copenhagen.
RECEIVED = datetime(2026, 4, 10, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module", autouse=True)
def _loaded() -> None:
    warm_up()


def test_danish_complaint_dates_the_earlier_request_in_the_past() -> None:
    found = find_dates("Jeg skrev til jer den 3. marts og har ikke hørt noget.", "da", ["complaint"], RECEIVED)
    assert found.earlier_request is not None
    assert found.earlier_request.day == date(2026, 3, 3)
    assert found.earlier_request.phrase == "3. marts"
    assert found.refers_to_earlier


def test_english_complaint_dates_the_earlier_request() -> None:
    found = find_dates("I wrote to you on 3 March and heard nothing.", "en", ["complaint"], RECEIVED)
    assert found.earlier_request is not None and found.earlier_request.day == date(2026, 3, 3)


def test_a_day_later_in_the_year_than_receipt_means_last_year() -> None:
    found = find_dates("Jeg bad om sletning den 30. april.", "da", ["complaint", "erasure"], RECEIVED)
    assert found.earlier_request is not None and found.earlier_request.day == date(2025, 4, 30)


def test_relative_dates_count_back_from_the_receipt_day() -> None:
    danish = find_dates("Jeg bad jer om det for to uger siden.", "da", ["complaint"], RECEIVED)
    english = find_dates("I asked you to delete it three weeks ago.", "en", ["complaint", "erasure"], RECEIVED)
    ascii_danish = find_dates("Jeg skrev til jer i gaar.", "da", ["complaint"], RECEIVED)
    assert danish.earlier_request is not None and danish.earlier_request.day == date(2026, 3, 27)
    assert english.earlier_request is not None and english.earlier_request.day == date(2026, 3, 20)
    assert ascii_danish.earlier_request is not None and ascii_danish.earlier_request.day == date(2026, 4, 9)


def test_the_receipt_day_is_taken_in_copenhagen_not_utc() -> None:
    # 23:30 UTC on 9 April is already 10 April in Copenhagen: "yesterday" is 9 April.
    late = datetime(2026, 4, 9, 23, 30, tzinfo=UTC)
    found = find_dates("I wrote to you yesterday.", "en", ["complaint"], late)
    assert found.earlier_request is not None and found.earlier_request.day == date(2026, 4, 9)


def test_numeric_dates_are_day_month_year() -> None:
    found = find_dates("Min anmodning af 12.11.2025 er ikke besvaret.", "da", ["complaint"], RECEIVED)
    assert found.earlier_request is not None and found.earlier_request.day == date(2025, 11, 12)


def test_access_period_from_a_danish_range() -> None:
    text = "Jeg vil gerne have indsigt i mine oplysninger fra 1. januar 2024 til 31. marts 2025."
    found = find_dates(text, "da", ["access"], RECEIVED)
    assert found.period is not None
    assert (found.period.start, found.period.end) == (date(2024, 1, 1), date(2025, 3, 31))


def test_access_period_from_months_covers_whole_months() -> None:
    text = "Please send me the data you hold about me from January 2024 to February 2025."
    found = find_dates(text, "en", ["access"], RECEIVED)
    assert found.period is not None
    assert (found.period.start, found.period.end) == (date(2024, 1, 1), date(2025, 2, 28))


def test_a_range_start_without_a_year_takes_the_year_before_the_end_when_needed() -> None:
    found = find_dates("Indsigt i data fra 1. december til 31. marts 2025, tak.", "da", ["access"], RECEIVED)
    assert found.period is not None
    assert (found.period.start, found.period.end) == (date(2024, 12, 1), date(2025, 3, 31))


def test_the_last_months_end_on_the_receipt_day() -> None:
    english = find_dates("A copy of my data for the last 6 months, please.", "en", ["access"], RECEIVED)
    danish = find_dates("En kopi af mine oplysninger fra de seneste 2 år.", "da", ["access"], RECEIVED)
    assert english.period is not None and (english.period.start, english.period.end) == (
        date(2025, 10, 10),
        date(2026, 4, 10),
    )
    assert danish.period is not None and danish.period.start == date(2024, 4, 10)


def test_since_a_month_runs_to_the_receipt_day_and_a_year_is_the_whole_year() -> None:
    since = find_dates("Hvilke oplysninger har I registreret siden marts?", "da", ["access"], RECEIVED)
    year = find_dates("Send me the data you processed about me in 2024.", "en", ["access"], RECEIVED)
    assert since.period is not None and (since.period.start, since.period.end) == (date(2026, 3, 1), date(2026, 4, 10))
    assert year.period is not None and (year.period.start, year.period.end) == (date(2024, 1, 1), date(2024, 12, 31))


def test_the_date_of_the_earlier_request_is_not_the_period_asked_about() -> None:
    text = "I have been waiting since 2 February for an answer to my access request."
    found = find_dates(text, "en", ["access", "complaint"], RECEIVED)
    assert found.earlier_request is not None and found.earlier_request.day == date(2026, 2, 2)
    assert found.period is None


def test_prices_times_and_may_the_verb_are_not_dates() -> None:
    assert find_dates("Fakturaen på 12.50 kr kom kl. 10.12, og jeg vil have indsigt.", "da", ["access"], RECEIVED).empty
    assert not find_dates("You may 2 times have charged me; show me my data.", "en", ["access"], RECEIVED).mentions


def test_a_message_that_is_not_a_privacy_matter_is_not_read_for_dates() -> None:
    assert find_dates("The invoice of 3 March is wrong.", "en", ["other"], RECEIVED).empty


def test_a_complaint_that_says_it_asked_before_refers_to_an_earlier_request_without_a_date() -> None:
    found = find_dates("Jeg har allerede bedt jer om at slette mig!", "da", ["complaint", "erasure"], RECEIVED)
    assert found.refers_to_earlier and found.earlier_request is None
    assert not find_dates("Delete my account. My e-mail address is old.", "en", ["erasure"], RECEIVED).refers_to_earlier


def test_the_case_event_holds_iso_dates_and_only_the_date_phrases() -> None:
    text = "Jeg skrev til jer den 3. marts. Jeg vil have indsigt i data fra 2025."
    event = find_dates(text, "da", ["access", "complaint"], RECEIVED).as_event()
    assert event["earlier_request"] == {"date": "2026-03-03", "phrase": "3. marts"}
    assert event["period"] == {"from": "2025-01-01", "to": "2025-12-31", "phrase": "2025"}
    assert {"phrase": "3. marts", "date": "2026-03-03"} in event["mentioned"]
