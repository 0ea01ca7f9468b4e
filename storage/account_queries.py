"""Queries over customer accounts, verification codes and opt-outs.

Accounts come from our own `customer` tables (imported from CSV) or, read-only, from the company's database through a
configured SQL query (`SqlAccountSource`), so the account data need not be copied.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, bindparam, create_engine, delete, false, func, literal, or_, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from storage.accounts import ChatLink, Customer, CustomerEmail, Optout, VerificationCode
from storage.models import Case
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


# Built once: the identity check looks accounts up for every new case, and building a statement costs more than
# running it.
_BY_EMAIL = (
    select(Customer)
    .join(CustomerEmail, col(CustomerEmail.customer_id) == col(Customer.id))
    .where(CustomerEmail.address == bindparam("address"))
    .order_by(col(Customer.id))
)
_BY_NUMBER = select(Customer).where(Customer.customer_number == bindparam("number"))
_BY_PHONE = select(Customer).where(Customer.phone == bindparam("phone"))


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
        return self._accounts(self.session.exec(_BY_EMAIL, params={"address": address}).all())

    def by_number(self, customer_number: str) -> list[Account]:
        return self._accounts(self.session.exec(_BY_NUMBER, params={"number": customer_number}).all())

    def by_phone(self, phone: str) -> list[Account]:
        return self._accounts(self.session.exec(_BY_PHONE, params={"phone": phone}).all())


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


MARKETING = "marketing_optout"
# What lifting a stop did to the account, in words for the audit trail and the staff member.
ACCOUNT_RESTORED = "account restored to its state before this case"
ACCOUNT_CLEARED = "account's opt-out date cleared; its marketing consent left off (no record of it before)"
ACCOUNT_KEPT = "account left opted out: another opt-out of it stays in force"
ACCOUNT_UNTOUCHED = "account left as it was: this case did not change it"
NO_ACCOUNT = "no account involved"
# How another case that asks for the same stop relates to the case being relabelled, in the order they are looked for.
SAME_ADDRESS = "from the same address"
SAME_ACCOUNT = "about the same account"
REGISTERED_ADDRESS = "from an address registered on the account"


@dataclass(frozen=True)
class StopRecorded:
    """What recording a stop did, for the case's audit trail."""

    created: bool  # a new row for the address (False: one was already there)
    account_changed: bool  # it opted the account out of marketing just now


@dataclass(frozen=True)
class LiftedStop:
    """A stop removed because staff found it was read wrongly, and what became of the account it had opted out."""

    kind: str
    customer_number: str | None
    account: str  # one of the ACCOUNT_* outcomes above, or NO_ACCOUNT

    @property
    def account_restored(self) -> bool:
        return self.account == ACCOUNT_RESTORED


@dataclass(frozen=True)
class AskingCase:
    """Another case that asks for the same stop: while it does, the stop stays in force."""

    case_id: int
    reference: str
    why: str  # SAME_ADDRESS, SAME_ACCOUNT or REGISTERED_ADDRESS


@dataclass(frozen=True)
class StopLift:
    """What staff's explicit lift of a case's stop did: either its rows went (`lifted`, with each account's outcome)
    or another case still asks for the stop (`kept_for`), which then owns the rows this case had (`handed_over`)."""

    kind: str
    lifted: tuple[LiftedStop, ...] = ()
    kept_for: AskingCase | None = None
    handed_over: int = 0  # rows of this case now recorded for the case in `kept_for`


def record_optout(
    store: Store, kind: str, address: str, customer_number: str | None, case_id: int | None, at: datetime
) -> StopRecorded:
    """Record the stop for the address (once) and on the account.

    The case's own row notes whether it opted the account out and the consent before, so that a stop read wrongly
    can later be lifted exactly (lift_stop); another case's row is never changed. On PostgreSQL the account and an
    existing row for the address are locked (the upsert's never-true update locks the row it meets): a lift running
    at the same time either finishes first, and this records the stop afresh, or waits and sees this case.
    """
    consent_before = _opt_out_account(store, customer_number, at) if kind == MARKETING else None
    insert = pg_insert if store.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    values = insert(Optout).values(
        kind=kind,
        address=address,
        customer_number=customer_number,
        case_id=case_id,
        at=at,
        account_changed=consent_before is not None,
        consent_before=consent_before,
    )
    statement = values.on_conflict_do_update(
        index_elements=["kind", "address"], set_={"kind": values.excluded.kind}, where=false()
    ).returning(Optout.id)
    created = store.session.execute(statement).scalar_one_or_none() is not None
    if not created and case_id is not None and customer_number is not None:
        _note_on_own_row(store, kind, address, customer_number, case_id, consent_before)
    return StopRecorded(created, consent_before is not None)


def _opt_out_account(store: Store, customer_number: str | None, at: datetime) -> bool | None:
    """Opt the account out of marketing unless it already is; returns its consent before, or None when unchanged."""
    if customer_number is None:
        return None
    customer = _customer(store, customer_number)
    if customer is None or customer.marketing_optout_at is not None:
        return None
    before = customer.marketing_consent
    customer.marketing_optout_at, customer.marketing_consent = at, False
    return before


def _note_on_own_row(
    store: Store, kind: str, address: str, customer_number: str, case_id: int, consent_before: bool | None
) -> None:
    """The case's row, written when the account was not yet known, learns the account and what this case did to it."""
    values: dict[str, object] = {"customer_number": customer_number}
    if consent_before is not None:
        values |= {"account_changed": True, "consent_before": consent_before}
    store.session.execute(
        update(Optout)
        .where(
            Optout.kind == kind,
            Optout.address == address,
            Optout.case_id == case_id,
            or_(col(Optout.customer_number).is_(None), Optout.customer_number == customer_number),
        )
        .values(**values)
    )


def lift_stop(
    store: Store,
    kind: str,
    case_id: int,
    address: str,
    customer_number: str | None,
    normalise: Callable[[str], str],
) -> StopLift:
    """Lift the stop of `kind` this case recorded, which staff say was never asked for, unless another case asks for it.

    `address` is the case's normalised address, `customer_number` its account (also the account of rows older than
    revision 0011, which never learnt it). `normalise` is the one form addresses are compared in, the one the stops
    were recorded in (handlers.identity.apply_stops): a case's address and an account's registered ones are put in it
    here, never compared as SQL's lower() sees them (ASCII only, no IDNA). While another case asks for the same stop
    nothing is lifted: this case's rows become that case's and the account is left alone. Otherwise the rows go and
    the account gets back what this case took from it, when nothing else holds it (_release_account). The accounts
    and rows are locked first (PostgreSQL), so an opt-out recorded at the same time is either seen here or waits and
    records afresh.
    """
    if kind == MARKETING:
        named = select(Optout.customer_number).where(Optout.kind == kind, Optout.case_id == case_id)
        accounts = or_(Customer.customer_number == customer_number, col(Customer.customer_number).in_(named))
        store.session.exec(select(Customer.id).where(accounts).order_by(col(Customer.id)).with_for_update()).all()
    rows = store.session.exec(
        select(Optout).where(Optout.kind == kind, Optout.case_id == case_id).order_by(col(Optout.id)).with_for_update()
    ).all()
    numbers = {n for n in (customer_number, *(row.customer_number for row in rows)) if n is not None}
    addresses = {address, *(row.address for row in rows)}
    asking = _asking_case(store, kind, case_id, addresses, numbers if kind == MARKETING else set(), normalise)
    if asking is not None:
        for row in rows:
            row.case_id = asking.case_id
        return StopLift(kind, kept_for=asking, handed_over=len(rows))
    gone = [(row.customer_number, row.account_changed, row.consent_before) for row in rows]
    for row in rows:
        store.session.delete(row)
    store.session.flush()  # the rows are gone before asking whether another opt-out of the account remains
    lifted = []
    for number, changed, consent_before in gone:
        account = NO_ACCOUNT
        if kind == MARKETING:
            number = number or (customer_number if changed is None else None)
            account = _release_account(store, number, changed, consent_before, normalise)
        lifted.append(LiftedStop(kind, number, account))
    return StopLift(kind, lifted=tuple(lifted))


def _asking_case(
    store: Store, kind: str, case_id: int, addresses: set[str], numbers: set[str], normalise: Callable[[str], str]
) -> AskingCase | None:
    """Another case whose labels hold the stop and that writes from one of `addresses` or, for a marketing opt-out,
    is about one of the accounts `numbers` or writes from an address registered on one of them; the first found.

    Every such case counts whatever its status: a genuine stop is for good, and a closed case still asked for it.
    The cases holding the stop are chosen in SQL and their addresses compared here, all in the form `normalise` gives
    (Mette@Blåbær.dk and SØREN@example.dk are the same mailboxes as their stops' rows, which SQL's lower() misses).
    """
    holds = (literal(",") + col(Case.labels) + literal(",")).contains(f",{kind},", autoescape=True)
    query = select(Case.id, Case.reference, Case.requester_address, Case.customer_number).where(
        Case.id != case_id, holds
    )
    candidates = [
        (found_id, reference or "", normalise(sender), number)
        for found_id, reference, sender, number in store.session.exec(query.order_by(col(Case.id))).all()
    ]
    wanted = {normalise(a) for a in addresses}
    conditions: list[tuple[Callable[[str, str | None], bool], str]] = [(lambda s, _n: s in wanted, SAME_ADDRESS)]
    if numbers:
        registered = {normalise(a) for a in _registered_addresses(store, numbers)}
        conditions += [
            (lambda _s, n: n in numbers, SAME_ACCOUNT),
            (lambda s, _n: s in registered, REGISTERED_ADDRESS),
        ]
    for matches, why in conditions:
        for found_id, reference, sender, number in candidates:
            if matches(sender, number):
                return AskingCase(found_id, reference, why)
    return None


def _registered_addresses(store: Store, numbers: set[str]) -> list[str]:
    query = (
        select(CustomerEmail.address)
        .join(Customer, col(Customer.id) == col(CustomerEmail.customer_id))
        .where(col(Customer.customer_number).in_(numbers))
    )
    return list(store.session.exec(query).all())


def _release_account(
    store: Store,
    customer_number: str | None,
    changed: bool | None,
    consent_before: bool | None,
    normalise: Callable[[str], str],
) -> str:
    """Undo a lifted row's marketing opt-out of the account when it was that row's doing and nothing else holds it.

    `changed` None is a row from before 0011: the opt-out date is cleared, but the consent stays off, since nothing
    says it was on (never opt someone back in without evidence).
    """
    customer = _customer(store, customer_number) if customer_number is not None else None
    if customer is None:
        return NO_ACCOUNT
    if changed is False or customer.marketing_optout_at is None:
        return ACCOUNT_UNTOUCHED
    if _other_marketing_optout(store, customer, normalise):
        return ACCOUNT_KEPT
    customer.marketing_optout_at = None
    if changed is None:
        return ACCOUNT_CLEARED
    customer.marketing_consent = bool(consent_before)
    return ACCOUNT_RESTORED


def _other_marketing_optout(store: Store, customer: Customer, normalise: Callable[[str], str]) -> bool:
    """Whether a marketing opt-out still speaks for the account: recorded on it, from one of its registered
    addresses (in the form the rows are written in, and as registered), or by a case about it (older rows name no
    account)."""
    listed = _registered_addresses(store, {customer.customer_number})
    registered = {*listed, *(normalise(a) for a in listed)}
    about_it = select(Case.id).where(Case.customer_number == customer.customer_number)
    query = select(Optout.id).where(
        Optout.kind == MARKETING,
        or_(
            Optout.customer_number == customer.customer_number,
            col(Optout.address).in_(registered),
            col(Optout.case_id).in_(about_it),
        ),
    )
    return store.session.exec(query.limit(1)).first() is not None


def _customer(store: Store, customer_number: str) -> Customer | None:
    """The account, locked for this transaction on PostgreSQL: its opt-out is decided on what no one else is changing
    (an opt-out and a lift of the same account take turns; SQLite's writer lock already makes them)."""
    query = select(Customer).where(Customer.customer_number == customer_number).with_for_update()
    return store.session.exec(query).first()


def optouts(store: Store, kind: str | None = None) -> list[Optout]:
    """The stops in force (a lifted one is deleted), oldest first."""
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
