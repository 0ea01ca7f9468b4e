"""Reading the customer CSV (SPEC: customer_number,name,email[,phone]; several addresses separated by ';').

Each row becomes an ImportRow or a rejection with the line number and a reason the operator can act on.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from storage.account_queries import ImportRow
from verification.contacts import normalise_address, normalise_phone

REQUIRED = ("customer_number", "name", "email")


class CsvFormatError(Exception):
    """The file as a whole is unusable (no header, missing columns)."""


@dataclass(frozen=True)
class Rejected:
    line: int
    customer_number: str
    reason: str


def read_rows(lines: Iterable[str]) -> Iterator[ImportRow | Rejected]:
    reader = csv.DictReader(lines)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CsvFormatError(f"the header row must name {', '.join(REQUIRED)}; missing: {', '.join(missing)}")
    reader.fieldnames = header
    seen: set[str] = set()
    for record in reader:
        line = reader.line_num
        number = (record.get("customer_number") or "").strip()
        if not number:
            yield Rejected(line, "", "customer_number is empty")
            continue
        if number in seen:
            yield Rejected(line, number, "customer_number appears earlier in the file")
            continue
        seen.add(number)
        raw_addresses = [a.strip() for a in (record.get("email") or "").split(";") if a.strip()]
        addresses = [normalise_address(a) for a in raw_addresses]
        if not raw_addresses:
            yield Rejected(line, number, "no e-mail address")
            continue
        if None in addresses:
            bad = raw_addresses[addresses.index(None)]
            yield Rejected(line, number, f"not an e-mail address: {bad!r}")
            continue
        phone_text = (record.get("phone") or "").strip()
        phone = normalise_phone(phone_text)
        if phone_text and phone is None:
            yield Rejected(line, number, f"not a Danish phone number: {phone_text!r}")
            continue
        name = (record.get("name") or "").strip()
        yield ImportRow(number, name, tuple(dict.fromkeys(a for a in addresses if a)), phone)
