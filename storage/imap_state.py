"""How far the IMAP channel has stored each folder, so mail that is stored but not yet moved is not fetched again.

The record is a claim, "every UID up to last_uid under this UIDVALIDITY is committed", written in the same transaction
as the messages it covers. It is only trusted while the folder keeps its UIDVALIDITY; a claim is never lost by an
older one (max under the same UIDVALIDITY), and any true claim may replace one for another UIDVALIDITY.
"""

from datetime import datetime

from storage.models import ImapFolderState
from storage.store import Store


def folder_state(store: Store, mailbox: str) -> tuple[int, int] | None:
    """(uidvalidity, last_uid) recorded for the folder, or None when the channel has never stored from it."""
    row = store.session.get(ImapFolderState, mailbox)
    return (row.uidvalidity, row.last_uid) if row is not None else None


def record_stored(store: Store, mailbox: str, uidvalidity: int, last_uid: int, at: datetime) -> None:
    """Every UID up to `last_uid` under `uidvalidity` is now committed (call in the transaction that stored them)."""
    row = store.session.get(ImapFolderState, mailbox, with_for_update=True)
    if row is None:
        store.session.add(ImapFolderState(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=last_uid, updated_at=at))
        return
    if row.uidvalidity == uidvalidity:
        row.last_uid = max(row.last_uid, last_uid)
    else:
        row.uidvalidity, row.last_uid = uidvalidity, last_uid
    row.updated_at = at
