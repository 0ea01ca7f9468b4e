"""Reminder and retention settings: defaults, the environment and the TOML file, and clear errors for bad values."""

from datetime import time
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from handlers.staff_options import StaffOptions

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_follow_spec():
    staff = load_settings({}).staff
    assert staff == StaffOptions()
    assert staff.reminder_offsets == (7, 3, 1) and staff.working_hours == (time(8), time(16))
    assert (staff.retention_years, staff.body_retention_days) == (5, 365)


def test_environment_sets_staff_addresses_hours_offsets_and_retention():
    staff = load_settings(
        {
            "PRIVACYBOT_STAFF_EMAILS": "DPO@Example.dk, support@example.dk",
            "PRIVACYBOT_STAFF_LANGUAGE": "EN",
            "PRIVACYBOT_REMINDER_OFFSETS": "3, 10,1",
            "PRIVACYBOT_WORKING_HOURS": "07:30-17:00",
            "PRIVACYBOT_RETENTION_YEARS": "6",
            "PRIVACYBOT_BODY_RETENTION_DAYS": "180",
        }
    ).staff
    assert staff.staff_emails == ("dpo@example.dk", "support@example.dk")
    assert staff.staff_language == "en" and staff.reminder_offsets == (10, 3, 1)
    assert staff.working_hours == (time(7, 30), time(17, 0))
    assert (staff.retention_years, staff.body_retention_days) == (6, 180)


def test_the_example_configuration_file_loads():
    staff = load_settings({"PRIVACYBOT_CONFIG": str(ROOT / "privacybot.example.toml")}).staff
    assert staff.staff_emails == ("dpo@cloudservicedk.com",) and staff.reminder_offsets == (7, 3, 1)


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("WORKING_HOURS", "16:00-08:00", "HH:MM-HH:MM with the start first"),
        ("WORKING_HOURS", "8-16", "HH:MM-HH:MM"),
        ("REMINDER_OFFSETS", "7,three", "whole numbers like 7,3,1"),
        ("REMINDER_OFFSETS", "7,0", "1 or more"),
        ("STAFF_LANGUAGE", "de", "da or en"),
        ("RETENTION_YEARS", "five", "whole number"),
        ("BODY_RETENTION_DAYS", "-1", "must not be negative"),
    ],
)
def test_bad_values_are_refused_with_the_variable_and_the_fix(name, value, message):
    with pytest.raises(ConfigError, match=f"PRIVACYBOT_{name}.*{message}"):
        load_settings({f"PRIVACYBOT_{name}": value})
