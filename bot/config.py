"""Settings: embedded defaults, then the TOML file named by PRIVACYBOT_CONFIG, then PRIVACYBOT_* variables.

Secrets (passwords, tokens, the code-hash key) are read from the environment only, never from the file.
"""

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from handlers.options import ChatOptions, Company, IdentityOptions, PipelineOptions
from handlers.staff_options import StaffOptions
from storage.urls import is_postgres

SECRETS = frozenset({"secret_key", "imap_password", "telegram_token"})


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


MAX_PIPELINE_PROCESSES = 16


@dataclass(frozen=True)
class Settings:
    home: Path = Path("var")
    database_url: str | None = None
    smtp_listen: tuple[str, int] = ("127.0.0.1", 8025)
    mailboxes: tuple[str, ...] = ()
    smtp_relay: tuple[str, int] | None = None
    staff_emails: tuple[str, ...] = ()
    secret_key: str | None = None
    max_message_bytes: int = 25 * 1024 * 1024
    templates_dir: Path | None = None
    policy_file: Path | None = None
    company: Company = field(default_factory=Company)
    sla_working_days: int = 10
    customers_database_url: str | None = None
    customers_query: str | None = None
    code_ttl_hours: int = 48
    close_unverified: bool = True
    imap_host: str | None = None  # the IMAP channel is on when this is set
    imap_port: int = 143
    imap_user: str | None = None
    imap_password: str | None = field(default=None, repr=False)
    imap_folder: str = "INBOX"
    imap_ssl: bool = False
    imap_processed_folder: str = "privacybot-processed"
    staff: StaffOptions = field(default_factory=StaffOptions)  # reminders, digests, retention (staff_settings)
    telegram_token: str | None = field(default=None, repr=False)  # the Telegram channel is on when this is set
    telegram_api_url: str = "https://api.telegram.org"
    telegram_staff_chat: str | None = None
    telegram_staff_users: tuple[int, ...] = ()
    # The pipeline worker runs in this many processes of its own; 0, the default, keeps it in the service process
    # (SPEC: `privacybot run` is one process). One more process gives the understanding step a core of its own.
    pipeline_processes: int = 0

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'privacybot.sqlite3').resolve()}"

    @property
    def maildir(self) -> Path:
        return self.home / "outbox"

    @property
    def message_id_domain(self) -> str:
        return self.mailboxes[0].rpartition("@")[2] if self.mailboxes else "privacybot.localhost"

    @property
    def account_source(self) -> tuple[str, str] | None:
        if self.customers_database_url and self.customers_query:
            return (self.customers_database_url, self.customers_query)
        return None

    def pipeline_options(self, secret_key: bytes) -> PipelineOptions:
        return PipelineOptions(
            mailboxes=self.mailboxes,
            message_id_domain=self.message_id_domain,
            company=self.company,
            templates_dir=self.templates_dir,
            policy_file=self.policy_file,
            sla_working_days=self.sla_working_days,
            identity=IdentityOptions(
                secret_key=secret_key,
                code_ttl_hours=self.code_ttl_hours,
                close_unverified=self.close_unverified,
                account_source=self.account_source,
            ),
            chat=ChatOptions(
                staff_chat=self.telegram_staff_chat,
                staff_users=frozenset(self.telegram_staff_users),
                staff_language=self.staff.staff_language,
            ),
        )


def host_port(value: str, name: str) -> tuple[str, int]:
    host, sep, port = value.strip().rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ConfigError(f"{name} must be HOST:PORT (e.g. 127.0.0.1:8025), got {value!r}")
    return host.strip("[]"), int(port)


def address_list(value: str | list[str]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else value.split(",")
    return tuple(item.strip().lower() for item in items if item.strip())


def boolean(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, got {value!r}")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from the file (if any) and the environment; raise ConfigError with a fix on bad values."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    config_file = env.get("PRIVACYBOT_CONFIG")
    if config_file:
        values.update(read_toml(Path(config_file)))
    for key, raw in env.items():
        if key.startswith("PRIVACYBOT_") and key != "PRIVACYBOT_CONFIG":
            values[key.removeprefix("PRIVACYBOT_").lower()] = raw
    return settings_from(values)


def read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"PRIVACYBOT_CONFIG names {path}, which does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    leaked = SECRETS & data.keys()
    if leaked:
        raise ConfigError(f"{path} holds {', '.join(sorted(leaked))}: secrets belong in PRIVACYBOT_* variables only")
    company = data.pop("company", None)
    if company is not None:
        data["company"] = Company(**company)
    return data


def settings_from(values: Mapping[str, Any]) -> Settings:
    kwargs: dict[str, Any] = {}
    if "home" in values:
        kwargs["home"] = Path(values["home"])
    if values.get("database_url"):
        kwargs["database_url"] = str(values["database_url"])
    if values.get("smtp_listen"):
        kwargs["smtp_listen"] = host_port(str(values["smtp_listen"]), "PRIVACYBOT_SMTP_LISTEN")
    if "mailbox" in values:
        kwargs["mailboxes"] = address_list(values["mailbox"])
    if values.get("smtp_relay"):
        kwargs["smtp_relay"] = host_port(str(values["smtp_relay"]), "PRIVACYBOT_SMTP_RELAY")
    if "staff_emails" in values:
        kwargs["staff_emails"] = address_list(values["staff_emails"])
    if values.get("secret_key"):
        kwargs["secret_key"] = str(values["secret_key"])
    for name in ("customers_database_url", "customers_query"):
        if values.get(name):
            kwargs[name] = str(values[name])
    if "close_unverified" in values:
        kwargs["close_unverified"] = boolean(values["close_unverified"], "PRIVACYBOT_CLOSE_UNVERIFIED")
    kwargs.update(imap_settings(values))
    kwargs.update(staff_settings(values))
    kwargs.update(telegram_settings(values))
    if values.get("templates_dir"):
        kwargs["templates_dir"] = Path(values["templates_dir"])
    if values.get("policy_file"):
        kwargs["policy_file"] = policy_file(Path(values["policy_file"]))
    if isinstance(values.get("company"), Company):
        kwargs["company"] = values["company"]
    for name in ("max_message_bytes", "sla_working_days", "code_ttl_hours"):
        if name in values:
            try:
                kwargs[name] = int(values[name])
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"PRIVACYBOT_{name.upper()} must be a whole number, got {values[name]!r}") from exc
    if values.get("pipeline_processes") not in (None, ""):
        kwargs["pipeline_processes"] = pipeline_processes(values["pipeline_processes"], kwargs.get("database_url"))
    return Settings(**kwargs)


def pipeline_processes(value: object, database_url: str | None) -> int:
    text = str(value).strip()
    if not text.isdigit() or int(text) > MAX_PIPELINE_PROCESSES:
        raise ConfigError(
            f"PRIVACYBOT_PIPELINE_PROCESSES must be a whole number from 0 (the worker runs in the service process) "
            f"to {MAX_PIPELINE_PROCESSES}, got {value!r}"
        )
    if int(text) > 1 and not (database_url and is_postgres(database_url)):
        raise ConfigError(
            "PRIVACYBOT_PIPELINE_PROCESSES above 1 needs PostgreSQL (PRIVACYBOT_DATABASE_URL): SQLite takes one writer "
            "at a time, so a second pipeline process would only wait; use 1"
        )
    return int(text)


def policy_file(path: Path) -> Path:
    """The operator's policy knowledge base, loaded once here so that a broken file stops the start, not every mail."""
    from handlers.policy import PolicyError, load_policy

    try:
        load_policy(path)
    except PolicyError as exc:
        raise ConfigError(f"PRIVACYBOT_POLICY_FILE: {exc}") from exc
    return path


def imap_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """The IMAP channel's settings; without PRIVACYBOT_IMAP_PORT the port follows _SSL (993 with TLS, else 143)."""
    kwargs: dict[str, Any] = {}
    for name in ("imap_host", "imap_user", "imap_folder", "imap_processed_folder"):
        if values.get(name):
            kwargs[name] = str(values[name]).strip()
    if values.get("imap_password"):
        kwargs["imap_password"] = str(values["imap_password"])
    use_ssl = values.get("imap_ssl") not in (None, "") and boolean(values["imap_ssl"], "PRIVACYBOT_IMAP_SSL")
    kwargs["imap_ssl"] = use_ssl
    kwargs["imap_port"] = 993 if use_ssl else 143
    if values.get("imap_port"):
        port = str(values["imap_port"]).strip()
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError(f"PRIVACYBOT_IMAP_PORT must be a port number (1-65535), got {values['imap_port']!r}")
        kwargs["imap_port"] = int(port)
    return kwargs


def telegram_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """The Telegram channel: PRIVACYBOT_TELEGRAM_TOKEN (environment only), _API_URL (a self-hosted Bot API server),
    _STAFF_CHAT (the staff group's chat id) and _STAFF_USERS (comma-separated user ids allowed to act there)."""
    kwargs: dict[str, Any] = {}
    token = str(values.get("telegram_token") or "").strip()
    if token:
        bot_id, sep, secret = token.partition(":")
        if not bot_id.isdigit() or not sep or not secret:
            raise ConfigError("PRIVACYBOT_TELEGRAM_TOKEN must look like 123456789:AA... (the token @BotFather gave)")
        kwargs["telegram_token"] = token
    if values.get("telegram_api_url"):
        url = str(values["telegram_api_url"]).strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"PRIVACYBOT_TELEGRAM_API_URL must start with http:// or https://, got {url!r}")
        kwargs["telegram_api_url"] = url
    if values.get("telegram_staff_chat") not in (None, ""):
        chat = str(values["telegram_staff_chat"]).strip()
        if not chat.lstrip("-").isdigit():
            raise ConfigError(f"PRIVACYBOT_TELEGRAM_STAFF_CHAT must be a chat id like -1001234567890, got {chat!r}")
        kwargs["telegram_staff_chat"] = str(int(chat))
    if values.get("telegram_staff_users") not in (None, ""):
        raw = values["telegram_staff_users"]
        items = raw if isinstance(raw, list) else str(raw).split(",")
        try:
            kwargs["telegram_staff_users"] = tuple(int(str(item).strip()) for item in items if str(item).strip())
        except ValueError as exc:
            raise ConfigError(f"PRIVACYBOT_TELEGRAM_STAFF_USERS must be user ids like 1111,2222, got {raw!r}") from exc
    return kwargs


def staff_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """Reminders and retention: PRIVACYBOT_STAFF_LANGUAGE (da|en), _REMINDER_OFFSETS (working days, e.g. "7,3,1"),
    _EXTENSION_WARNING_WORKING_DAYS, _WORKING_HOURS ("08:00-16:00", Copenhagen), _RETENTION_YEARS, _BODY_RETENTION_DAYS.
    """
    staff: dict[str, Any] = {}
    if values.get("staff_emails"):
        staff["staff_emails"] = address_list(values["staff_emails"])
    if values.get("staff_language"):
        language = str(values["staff_language"]).strip().lower()
        if language not in ("da", "en"):
            raise ConfigError(f"PRIVACYBOT_STAFF_LANGUAGE must be da or en, got {values['staff_language']!r}")
        staff["staff_language"] = language
    if values.get("reminder_offsets") not in (None, ""):
        raw = values["reminder_offsets"]
        items = raw if isinstance(raw, list) else str(raw).split(",")
        try:
            offsets = tuple(sorted({int(str(item).strip()) for item in items if str(item).strip()}, reverse=True))
        except ValueError as exc:
            raise ConfigError(f"PRIVACYBOT_REMINDER_OFFSETS must be whole numbers like 7,3,1, got {raw!r}") from exc
        if any(n < 1 for n in offsets):
            raise ConfigError(f"PRIVACYBOT_REMINDER_OFFSETS must be working days of 1 or more, got {raw!r}")
        staff["reminder_offsets"] = offsets
    if values.get("working_hours"):
        staff["working_hours"] = working_hours(str(values["working_hours"]))
    for name in ("extension_warning_working_days", "retention_years", "body_retention_days"):
        if name in values:
            try:
                number = int(values[name])
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"PRIVACYBOT_{name.upper()} must be a whole number, got {values[name]!r}") from exc
            if number < 0:
                raise ConfigError(f"PRIVACYBOT_{name.upper()} must not be negative, got {number}")
            staff[name] = number
    return {"staff": StaffOptions(**staff)} if staff else {}


def working_hours(value: str) -> tuple[time, time]:
    start, sep, end = value.partition("-")
    try:
        hours = (time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))
    except ValueError:
        hours = None
    if not sep or hours is None or hours[0] >= hours[1]:
        raise ConfigError(f"PRIVACYBOT_WORKING_HOURS must be HH:MM-HH:MM with the start first, got {value!r}")
    return hours
