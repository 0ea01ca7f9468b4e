"""Settings: embedded defaults, then the TOML file named by PRIVACYBOT_CONFIG, then PRIVACYBOT_* variables.

Secrets (passwords, tokens, the code-hash key) are read from the environment only, never from the file.
"""

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handlers.options import Company, IdentityOptions, PipelineOptions

SECRETS = frozenset({"secret_key", "imap_password", "telegram_token"})


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


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
    company: Company = field(default_factory=Company)
    sla_working_days: int = 10
    customers_database_url: str | None = None
    customers_query: str | None = None
    code_ttl_hours: int = 48
    close_unverified: bool = True

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
            sla_working_days=self.sla_working_days,
            identity=IdentityOptions(
                secret_key=secret_key,
                code_ttl_hours=self.code_ttl_hours,
                close_unverified=self.close_unverified,
                account_source=self.account_source,
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
    if values.get("templates_dir"):
        kwargs["templates_dir"] = Path(values["templates_dir"])
    if isinstance(values.get("company"), Company):
        kwargs["company"] = values["company"]
    for name in ("max_message_bytes", "sla_working_days", "code_ttl_hours"):
        if name in values:
            try:
                kwargs[name] = int(values[name])
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"PRIVACYBOT_{name.upper()} must be a whole number, got {values[name]!r}") from exc
    return Settings(**kwargs)
