"""Authentication-Results and DKIM as signals for staff, never as proof of identity (SPEC Identity).

Only the topmost Authentication-Results header is read: it is the one our own receiving server added; lower ones may
have been written by anybody. Its authserv-id is recorded so staff can tell whose verdict it is.
"""

import re
from collections.abc import Mapping, Sequence

_RESULT = re.compile(r"\b(dkim|spf|dmarc|arc)\s*=\s*([a-z]+)", re.IGNORECASE)
_DKIM_DOMAIN = re.compile(r"(?:^|;)\s*d\s*=\s*([^;\s]+)", re.IGNORECASE)


def sender_signals(headers: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """What the receiving server said about the sender, and which domains signed the mail; empty when nothing."""
    signals: dict[str, object] = {}
    results = headers.get("authentication-results") or ()
    if results:
        top = results[0]
        signals["authserv_id"] = top.split(";", 1)[0].strip()[:100]
        for method, verdict in _RESULT.findall(top):
            signals.setdefault(method.lower(), verdict.lower())
    domains = [m.group(1).lower()[:100] for s in headers.get("dkim-signature") or () if (m := _DKIM_DOMAIN.search(s))]
    if domains:
        signals["dkim_signed_by"] = sorted(set(domains))
    return signals
