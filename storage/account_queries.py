"""Queries over customer accounts, verification codes and opt-outs.

Accounts come from our own `customer` tables (imported from CSV) or, read-only, from the company's database through a
configured SQL query (`SqlAccountSource`), so the account data need not be copied.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, create_engine, delete, func, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from storage.accounts import ChatLink, Customer, CustomerEmail, Optout, VerificationCode
from storage.store import Store
from storage.urls import is_sqlite, normalise_url


@dataclass(frozen=True)
class Account:
    """What identity needs of an account, whatever its source."""

    customer_number: str
    name: str
    addresses: tuple[str, ...]
    phone: str | None


@dataclass(frozen=True)
class ImportRow:
    customer_number: str
    name: str
    addresses: tuple[str, ...]
    phone: str | None


class LocalAccounts:
    """Accounts in our own tables."""

    def __init__(self, store: Store) -> None:
        self.session = store.session

    def _accounts(self, customers: Sequence[Customer]) -> list[Account]:
        if not customers:
            return []
        ids = [c.id for c in customers]
        rows = self.session.exec(
            select(CustomerEmail).where(col(CustomerEmail.customer_id).in_(ids)).order_by(col(CustomerEmail.id))
        ).all()
        by_customer: dict[int, list[str]] = {}
        for row in rows:
            by_customer.setdefault(row.customer_id, []).append(row.address)
        return [Account(c.customer_number, c.name, tuple(by_customer.get(c.id or 0, [])), c.phone) for c in customers]

    def by_email(self, address: str) -> list[Account]:
        query = (
            select(Customer)
            .join(CustomerEmail, col(CustomerEmail.customer_id) == col(Customer.id))
            .where(CustomerEmail.address == address)
            .order_by(col(Customer.id))
        )
        return self._accounts(self.session.exec(query).all())

    def by_number(self, customer_number: str) -> list[Account]:
        return self._accounts(
            self.session.exec(select(Customer).where(Customer.customer_number == customer_number)).all()
        )

    def by_phone(self, phone: str) -> list[Account]:
        return self._accounts(self.session.exec(select(Customer).where(Customer.phone == phone)).all())


class SqlAccountSource:
    """Accounts read from the company's own database with a configured query, never written.

    The query must return the columns customer_number, name, email (several separated by ';') and phone; it is
    wrapped as a sub-select and filtered, so it runs read-only and returns one account per match.
    """

    def __init__(self, url: str, query: str) -> None:
        url = normalise_url(url)
        if is_sqlite(url) and "mode=ro" not in url:
            url = url.replace("sqlite:///", "sqlite:///file:", 1) + ("&" if "?" in url else "?") + "mode=ro&uri=true"
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        self.query = query.strip().rstrip(";")

    def _select(self, where: str, value: str) -> list[Account]:
        sql = text(f"SELECT customer_number, name, email, phone FROM ({self.query}) AS accounts WHERE {where}")
        with self.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SET TRANSACTION READ ONLY"))
            rows = connection.execute(sql, {"value": value}).all()
        return [
            Account(
                str(r[0]),
                str(r[1] or ""),
                tuple(a.strip().lower() for a in str(r[2] or "").split(";") if a.strip()),
                r[3],
            )
            for r in rows
        ]

    def by_email(self, address: str) -> list[Account]:
        candidates = self._select("lower(email) LIKE :value", f"%{address}%")
        return [a for a in candidates if address in a.addresses]

    def by_number(self, customer_number: str) -> list[Account]:
        return self._select("CAST(customer_number AS TEXT) = :value", customer_number)

    def by_phone(self, phone: str) -> list[Account]:
        digits = phone[-8:]
        candidates = self._select("phone LIKE :value", f"%{digits}%")
        return [a for a in candidates if a.phone and a.phone.replace(" ", "").endswith(digits)]

    def dispose(self) -> None:
        self.engine.dispose()


# -- import -------------------------------------------------------------------------------------------------------


def import_batch(store: Store, rows: Sequence[ImportRow], now: datetime) -> tuple[int, int, int]:
    """Upsert accounts by customer number; returns (created, updated, unchanged). Re-importing changes nothing."""
    session = store.session
    numbers = [r.customer_number for r in rows]
    existing = {
        c.customer_number: c for c in session.exec(select(Customer).where(col(Customer.customer_number).in_(numbers)))
    }
    ids = [c.id for c in existing.values()]
    addresses: dict[int, list[str]] = {}
    if ids:
        for e in session.exec(
            select(CustomerEmail).where(col(CustomerEmail.customer_id).in_(ids)).order_by(col(CustomerEmail.id))
        ):
            addresses.setdefault(e.customer_id, []).append(e.address)
    created = updated = unchanged = 0
    new_customers: list[tuple[Customer, ImportRow]] = []
    for row in rows:
        customer = existing.get(row.customer_number)
        if customer is None:
            customer = Customer(customer_number=row.customer_number, name=row.name, phone=row.phone, updated_at=now)
            session.add(customer)
            new_customers.append((customer, row))
            created += 1
            continue
        same = customer.name == row.name and customer.phone == row.phone
        if same and tuple(addresses.get(customer.id or 0, [])) == row.addresses:
            unchanged += 1
            continue
        customer.name, customer.phone, customer.updated_at = row.name, row.phone, now
        session.execute(delete(CustomerEmail).where(col(CustomerEmail.customer_id) == customer.id))
        session.add_all(CustomerEmail(customer_id=customer.id, address=a) for a in row.addresses)
        updated += 1
    session.flush()
    session.add_all(CustomerEmail(customer_id=c.id, address=a) for c, row in new_customers for a in row.addresses)
    return created, updated, unchanged


def count_customers(store: Store) -> int:
    return store.session.exec(select(func.count()).select_from(Customer)).one()


# -- codes --------------------------------------------------------------------------------------------------------


def add_code(store: Store, code: VerificationCode) -> VerificationCode:
    """Store a new code and revoke the older open ones of the same case or chat (only the newest is valid)."""
    scope = (
        VerificationCode.case_id == code.case_id
        if code.case_id is not None
        else VerificationCode.chat_id == code.chat_id
    )
    for old in store.session.exec(
        select(VerificationCode).where(
            scope, VerificationCode.purpose == code.purpose, col(VerificationCode.used_at).is_(None)
        )
    ):
        old.revoked = True
    store.session.add(code)
    store.session.flush()
    return code


def current_code(
    store: Store, purpose: str, case_id: int | None = None, chat_id: str | None = None
) -> VerificationCode | None:
    query = select(VerificationCode).where(VerificationCode.purpose == purpose, VerificationCode.revoked == False)  # noqa: E712
    query = (
        query.where(VerificationCode.case_id == case_id)
        if case_id is not None
        else query.where(VerificationCode.chat_id == chat_id)
    )
    return store.session.exec(query.order_by(col(VerificationCode.id).desc())).first()


# -- opt-outs and chats -------------------------------------------------------------------------------------------


def record_optout(
    store: Store, kind: str, address: str, customer_number: str | None, case_id: int | None, at: datetime
) -> bool:
    """Record the stop for the address (once) and on the account; returns True when it is new."""
    insert = pg_insert if store.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(Optout)
        .values(kind=kind, address=address, customer_number=customer_number, case_id=case_id, at=at)
        .on_conflict_do_nothing(index_elements=["kind", "address"])
        .returning(Optout.id)
    )
    created = store.session.execute(statement).scalar_one_or_none() is not None
    if kind == "marketing_optout" and customer_number is not None:
        customer = store.session.exec(select(Customer).where(Customer.customer_number == customer_number)).first()
        if customer is not None and customer.marketing_optout_at is None:
            customer.marketing_optout_at = at
            customer.marketing_consent = False
    return created


def optouts(store: Store, kind: str | None = None) -> list[Optout]:
    query = select(Optout).order_by(col(Optout.id))
    if kind is not None:
        query = query.where(Optout.kind == kind)
    return list(store.session.exec(query).all())


def link_chat(store: Store, customer_number: str, channel: str, chat_id: str, at: datetime) -> None:
    customer = store.session.exec(select(Customer).where(Customer.customer_number == customer_number)).one()
    existing = store.session.exec(
        select(ChatLink).where(ChatLink.channel == channel, ChatLink.chat_id == chat_id)
    ).first()
    if existing is None:
        store.session.add(ChatLink(customer_id=customer.id, channel=channel, chat_id=chat_id, linked_at=at))
    else:
        existing.customer_id, existing.linked_at = customer.id or 0, at


def linked_customer_number(store: Store, channel: str, chat_id: str) -> str | None:
    query = (
        select(Customer.customer_number)
        .join(ChatLink, col(ChatLink.customer_id) == col(Customer.id))
        .where(ChatLink.channel == channel, ChatLink.chat_id == chat_id)
    )
    return store.session.exec(query).first()
