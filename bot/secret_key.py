"""The key that hashes one-time codes: PRIVACYBOT_SECRET_KEY, or on embedded defaults a generated key file."""

import logging
import os
import secrets

from bot.config import Settings

log = logging.getLogger(__name__)


def secret_key(settings: Settings) -> bytes:
    """The configured key; without one, a random key kept in PRIVACYBOT_HOME/secret.key (mode 0600)."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.home / "secret.key"
    if not path.exists():
        settings.home.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another instance made it first
            return path.read_text().strip().encode()
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
        log.warning("PRIVACYBOT_SECRET_KEY not set: generated %s; set the variable in production", path)
    return path.read_text().strip().encode()
