"""The log of `privacybot run` and its pipeline processes: one format, and the libraries that would log personal
data or secrets at INFO kept to warnings."""

import logging


def configure_service_log() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs envelope addresses at INFO
    logging.getLogger("httpx").setLevel(logging.WARNING)  # httpx logs Bot API URLs, which hold the bot token
