"""The Telegram settings: the token only from the environment and never shown; the staff chat and the staff list
read as Telegram ids; mistakes stop the start with what to fix."""

import pytest

from bot.config import ConfigError, load_settings

TOKEN = "123456789:AAH-secret-part"


def test_telegram_is_off_without_a_token_and_configured_from_the_environment():
    assert load_settings({}).telegram_token is None
    settings = load_settings(
        {
            "PRIVACYBOT_TELEGRAM_TOKEN": TOKEN,
            "PRIVACYBOT_TELEGRAM_API_URL": "http://127.0.0.1:8081/",
            "PRIVACYBOT_TELEGRAM_STAFF_CHAT": "-1001234567890",
            "PRIVACYBOT_TELEGRAM_STAFF_USERS": "111, 222",
        }
    )
    assert settings.telegram_token == TOKEN and settings.telegram_api_url == "http://127.0.0.1:8081"
    chat = settings.pipeline_options(b"").chat
    assert chat.staff_chat == "-1001234567890" and chat.staff_users == frozenset({111, 222})
    assert "secret-part" not in repr(settings)


def test_the_token_in_the_file_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(f'telegram_token = "{TOKEN}"\n')
    with pytest.raises(ConfigError, match="secrets belong in PRIVACYBOT_"):
        load_settings({"PRIVACYBOT_CONFIG": str(path)})


def test_staff_ids_may_come_from_the_file(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text("telegram_staff_chat = -42\ntelegram_staff_users = [7, 8]\n")
    settings = load_settings({"PRIVACYBOT_CONFIG": str(path)})
    assert settings.telegram_staff_chat == "-42" and settings.telegram_staff_users == (7, 8)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"PRIVACYBOT_TELEGRAM_TOKEN": "not-a-token"}, "PRIVACYBOT_TELEGRAM_TOKEN must look like"),
        ({"PRIVACYBOT_TELEGRAM_API_URL": "api.telegram.org"}, "must start with http"),
        ({"PRIVACYBOT_TELEGRAM_STAFF_CHAT": "@staffgroup"}, "PRIVACYBOT_TELEGRAM_STAFF_CHAT must be a chat id"),
        ({"PRIVACYBOT_TELEGRAM_STAFF_USERS": "anna,bo"}, "PRIVACYBOT_TELEGRAM_STAFF_USERS must be user ids"),
    ],
)
def test_bad_telegram_values_say_what_to_fix(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env)
