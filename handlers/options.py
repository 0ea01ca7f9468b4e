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
class PipelineOptions:
    """Deployment facts the handlers use.

    `mailboxes` empty means development mode: every recipient is accepted and a reply comes from the address the
    requester wrote to.
    """

    mailboxes: tuple[str, ...] = ()
    message_id_domain: str = "privacybot.localhost"
    company: Company = field(default_factory=Company)
    templates_dir: Path | None = None
    sla_working_days: int = 10
    consent_sla_working_days: int = 1
    replies_per_address_per_day: int = 5
    max_attempts: int = 3
