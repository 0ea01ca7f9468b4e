"""Normalising and finding contact points (addresses, Danish phone numbers, customer numbers) in free text."""

import re

import idna

_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)\s?45[\s.-]?)?(\d{2}[\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?\d{2})(?!\d)")
_CUSTOMER_NUMBER = re.compile(
    r"(?:kunde\s*(?:nummer|nr\.?|no\.?|id)|customer\s*(?:number|no\.?|nr\.?|id)|konto\s*(?:nummer|nr\.?)|"
    r"account\s*(?:number|no\.?))\s*(?:er|is|:|#)?\s*#?\s*([A-Za-z]{0,3}-?\d{3,12})",
    re.IGNORECASE,
)


def normalise_address(value: str | None) -> str | None:
    """Lower case, IDNA (punycode) domain; None when it is not a plausible single address."""
    if not value:
        return None
    value = value.strip().strip("<>").strip()
    if not _ADDRESS.match(value):
        return None
    local, _, domain = value.rpartition("@")
    ascii_domain = _ascii_domain(domain)
    if ascii_domain is None:
        return None
    return f"{local.lower()}@{ascii_domain.lower()}"


def _ascii_domain(domain: str) -> str | None:
    """The domain as DNS knows it: IDNA 2008 (UTS 46, non-transitional), as registries and mail servers use today.
    Python's own "idna" codec is IDNA 2003, which maps straße.de to strasse.de, another registrant's domain, and
    drops joiners and soft hyphens: mail, and codes, would go to someone else."""
    if domain.isascii():
        return domain
    try:
        return idna.encode(domain, uts46=True, transitional=False).decode("ascii")
    except UnicodeError:  # idna.IDNAError included: no such domain can exist
        return None


def ascii_form(address: str) -> str | None:
    """The address in plain ASCII, as every relay and header takes it: a domain beyond ASCII in IDNA form
    (info@blåbær.dk -> info@xn--blbr-roah.dk, the same mailbox); None when the local part itself is beyond ASCII
    (søren@eksempel.dk), which only a relay with SMTPUTF8 can carry."""
    local, at, domain = address.rpartition("@")
    if address.isascii() or not at:
        return address if address.isascii() else None
    ascii_domain = _ascii_domain(domain) if local.isascii() else None
    return f"{local}@{ascii_domain}" if ascii_domain is not None else None


def normalise_phone(value: str | None) -> str | None:
    """+45 and eight digits, from the forms Danes write (+45 12 34 56 78, 0045..., 12345678, 12-34-56-78)."""
    if not value:
        return None
    digits = re.sub(r"[^\d+]", "", value)
    if digits.startswith("+45"):
        digits = digits[3:]
    elif digits.startswith("0045"):
        digits = digits[4:]
    elif len(digits) == 10 and digits.startswith("45"):
        digits = digits[2:]
    return f"+45{digits}" if len(digits) == 8 and digits.isdigit() else None


def phones_in(text: str) -> list[str]:
    found = [normalise_phone(m.group(0)) for m in _PHONE.finditer(text)]
    return list(dict.fromkeys(p for p in found if p))


def customer_numbers_in(text: str) -> list[str]:
    """Customer numbers written next to a word that names them ("kundenummer 10442", "customer no. CS-2291")."""
    return list(dict.fromkeys(m.group(1).upper() for m in _CUSTOMER_NUMBER.finditer(text)))
