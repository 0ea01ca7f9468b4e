"""Settings come from the TOML file, then the environment; secrets never from the file."""

import pytest

from bot.config import ConfigError, load_settings
from tests.service import ROOT


def test_embedded_defaults_need_nothing_configured():
    settings = load_settings({})
    assert settings.smtp_listen == ("127.0.0.1", 8025)
    assert settings.database.startswith("sqlite:///") and settings.database.endswith("var/privacybot.sqlite3")
    assert settings.smtp_relay is None and settings.mailboxes == ()
    assert settings.pipeline_processes == 0  # SPEC: `privacybot run` is one process unless the operator says more


def test_example_file_loads_and_environment_wins():
    settings = load_settings(
        {"PRIVACYBOT_CONFIG": str(ROOT / "privacybot.example.toml"), "PRIVACYBOT_SMTP_LISTEN": "127.0.0.1:2525"}
    )
    assert settings.mailboxes == ("privacy@cloudservicedk.com",)
    assert settings.company.cvr == "44135647"
    assert settings.smtp_listen == ("127.0.0.1", 2525)
    assert settings.message_id_domain == "cloudservicedk.com"
    assert settings.pipeline_processes == 1


def test_several_pipeline_processes_are_for_postgresql():
    url = "postgresql://privacybot@db.internal/privacybot"
    settings = load_settings({"PRIVACYBOT_DATABASE_URL": url, "PRIVACYBOT_PIPELINE_PROCESSES": "4"})
    assert settings.pipeline_processes == 4


def test_several_mailboxes_are_comma_separated_and_lowercased():
    settings = load_settings({"PRIVACYBOT_MAILBOX": "Privacy@Example.dk, gdpr@example.dk"})
    assert settings.mailboxes == ("privacy@example.dk", "gdpr@example.dk")


def test_a_secret_in_the_file_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('secret_key = "hunter2"\n')
    with pytest.raises(ConfigError, match="secrets belong in PRIVACYBOT_"):
        load_settings({"PRIVACYBOT_CONFIG": str(path)})


@pytest.mark.parametrize(
    "env, message",
    [
        ({"PRIVACYBOT_SMTP_RELAY": "localhost"}, "PRIVACYBOT_SMTP_RELAY must be HOST:PORT"),
        ({"PRIVACYBOT_MAX_MESSAGE_BYTES": "lots"}, "PRIVACYBOT_MAX_MESSAGE_BYTES must be a whole number"),
        ({"PRIVACYBOT_CONFIG": "/nonexistent.toml"}, "does not exist"),
        ({"PRIVACYBOT_PIPELINE_PROCESSES": "two"}, "PRIVACYBOT_PIPELINE_PROCESSES must be a whole number from 0"),
        ({"PRIVACYBOT_PIPELINE_PROCESSES": "-1"}, "PRIVACYBOT_PIPELINE_PROCESSES must be a whole number from 0"),
        ({"PRIVACYBOT_PIPELINE_PROCESSES": "99"}, r"to 16, got '99'"),
        ({"PRIVACYBOT_PIPELINE_PROCESSES": "2"}, "above 1 needs PostgreSQL"),
    ],
)
def test_bad_values_say_what_to_fix(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env)
