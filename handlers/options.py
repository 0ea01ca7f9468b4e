"""What the pipeline needs to know about the deployment; built by bot.config and passed in (no global config)."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Company:
    """The controller named in replies."""

    name: str = "Cloud Service Danmark ApS"
    address: str = "Ulbækhusvej 65, 7120 Vejle Øst"
    cvr: str = "44135647"


@dataclass(frozen=True)
class IdentityOptions:
    """How requesters prove who they are (LEGAL.md §4): codes, reminders, closing unverified requests."""

    secret_key: bytes = b""
    code_ttl_hours: int = 48
    code_max_failures: int = 5
    code_lock_minutes: int = 60
    reminder_after_days: int = 2
    unverified_notice_working_days: int = 3  # before the deadline
    close_unverified: bool = True
    account_source: tuple[str, str] | None = None  # (database URL, query) of the company's own account data


@dataclass(frozen=True)
class ChatOptions:
    """The Telegram side: the staff chat (a third party's service: references, kinds and dates only) and who in it
    may act on cases; requesters' chats need no settings."""

    staff_chat: str | None = None  # chat id of the staff group; None = no staff chat
    staff_users: frozenset[int] = frozenset()  # Telegram user ids allowed to act from the staff chat
    staff_language: str = "da"
    link_codes_per_day: int = 3  # per chat and per registered address: a chat cannot flood anyone's mailbox


@dataclass(frozen=True)
class PipelineOptions:
    """Deployment facts the handlers use.

    `mailboxes` empty means development mode: every recipient is accepted and a reply comes from the address the
    requester wrote to.
    """

    mailboxes: tuple[str, ...] = ()
    message_id_domain: str = "privacybot.localhost"
    company: Company = field(default_factory=Company)
    templates_dir: Path | None = None
    policy_file: Path | None = None  # the policy knowledge base questions are answered from; None = the built-in one
    sla_working_days: int = 10
    consent_sla_working_days: int = 1
    replies_per_address_per_day: int = 5
    max_attempts: int = 3
    identity: IdentityOptions = field(default_factory=IdentityOptions)
    chat: ChatOptions = field(default_factory=ChatOptions)
