"""Which account a requester means: by registered address, a customer number or a phone number in the text.

A match says which account the request is about, never that the requester is its holder: the From header is
trivially forged, so proof comes only from a code sent to a contact point already on the account.
"""

from dataclasses import dataclass
from typing import Protocol

from storage.account_queries import Account
from verification.contacts import customer_numbers_in, normalise_address, phones_in


class AccountDirectory(Protocol):
    def by_email(self, address: str) -> list[Account]: ...
    def by_number(self, customer_number: str) -> list[Account]: ...
    def by_phone(self, phone: str) -> list[Account]: ...


@dataclass(frozen=True)
class AccountMatch:
    account: Account
    how: str  # "registered address", "customer number" or "phone number"
    code_address: str  # where a code goes: a registered address of the account, never one from the request


def find_account(directory: AccountDirectory, sender: str | None, text: str) -> AccountMatch | None:
    """The one account the request points at; None when nothing (or more than one account) fits."""
    address = normalise_address(sender)
    if address:
        accounts = directory.by_email(address)
        if len(accounts) == 1:
            return AccountMatch(accounts[0], "registered address", address)
    for number in customer_numbers_in(text):
        accounts = directory.by_number(number)
        if len(accounts) == 1 and accounts[0].addresses:
            return AccountMatch(accounts[0], "customer number", accounts[0].addresses[0])
    for phone in phones_in(text):
        accounts = directory.by_phone(phone)
        if len(accounts) == 1 and accounts[0].addresses:
            return AccountMatch(accounts[0], "phone number", accounts[0].addresses[0])
    return None


def is_registered(account: Account, address: str | None) -> bool:
    normalised = normalise_address(address)
    return normalised is not None and normalised in account.addresses
